#pragma once

#include <optional>
#include <string>

#include "model/LabelTable.h"

namespace slicewise {

class OutputSet;

// Label names and colours: ITK-SNAP's .label text files and Slicewise's JSON sidecar
// ({"format": "slicewise-labels", "version": 1, "labels": [{"id", "name", "color", ...}]}).
// Throws IoError on unreadable files.
LabelTable readLabelDescriptions(const std::string& path);
LabelTable readItkSnapLabels(const std::string& path);
LabelTable readLabelSidecar(const std::string& path);
// Written whole or not at all; the second form stages it in `outputs` (files/OutputSet.h), to
// appear together with the label map it describes.
void writeLabelSidecar(const LabelTable& table, const std::string& path);
void writeLabelSidecar(const LabelTable& table, const std::string& path, OutputSet& outputs);

// "out/liver.nii.gz" -> "out/liver.labels.json"
std::string sidecarPathFor(const std::string& labelMapPath);
// The sidecar next to a label map, when there is one.
std::optional<LabelTable> readSidecarFor(const std::string& labelMapPath);
// The names and colours of a label map: from `namesFile` when given, else its JSON sidecar, else
// an ITK-SNAP "<stem>.label" beside it (as ITK-SNAP users keep them); empty when none.
LabelTable describeLabelMap(const std::string& labelMapPath, const std::string& namesFile = {});

}  // namespace slicewise
