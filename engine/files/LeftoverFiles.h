#pragma once

#include <string>

namespace slicewise {

// Names and clean-up of the staging folders OutputSet writes into. A staging folder is
// ".slicewise-partial-<pid>-<n>-<host>" beside its targets; the files inside keep their final
// names, so every format library sees the name the user gave (a temporary name such as
// ".123.partial.img.nii.gz" made NIfTI's library look for an Analyze ".img" pair).

// A fresh staging folder name for this process.
std::string newStagingName();

// Removes what killed writers on this host left in `folder`: staging folders of processes that
// no longer run, and the older ".<pid>.partial.<target>" and "<target>.tmp-<pid>" temporaries
// of `targetName`. Folders of running processes and of other hosts (a shared folder) are left
// alone. Returns how many entries were removed; never throws.
int removeLeftovers(const std::string& folder, const std::string& targetName);

// True when `pid` names a running process on this machine.
bool processIsRunning(long pid);

}  // namespace slicewise
