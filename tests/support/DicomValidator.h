#pragma once

#include <QStringList>

namespace slicewise::test {

// The "Error" lines David Clunie's dciodvfy (Debian's dicom3tools) prints for a DICOM file:
// empty for a valid object. Callers check SLICEWISE_REQUIRE_TOOL("dciodvfy", "dicom3tools")
// first; a missing validator is reported as one error line.
QStringList dciodvfyErrors(const QString& file);

}  // namespace slicewise::test
