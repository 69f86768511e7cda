#pragma once

#include <array>
#include <string>
#include <vector>

namespace slicewise::test {

// Small DICOM series written with DCMTK, for the shapes real scanners produce: a missing slice,
// a tilted gantry, no UIDs. Pixel (i, j) of slice k holds ((i * 3 + j * 5 + k * 7) % 1000) - 500.
struct SyntheticSeries {
  int rows = 32, columns = 32;
  double pixelSpacing = 1.0;
  std::vector<std::array<double, 3>> positions;           // one file per position, IM000.dcm, ...
  std::array<double, 6> orientation{1, 0, 0, 0, 1, 0};
  bool withUids = true;  // Study, Series and FrameOfReference UIDs (fresh ones unless given)
  std::string studyUid, seriesUid, frameOfReferenceUid;
};

// Writes the series into `folder` (created); returns the file paths in position order.
std::vector<std::string> writeSyntheticSeries(const std::string& folder, SyntheticSeries spec);

// `count` positions `step` mm apart along z from (-16, -16, 0); a gantry tilt of `tiltDegrees`
// shifts each slice along y by z * tan(tilt), as a tilted CT gantry does.
std::vector<std::array<double, 3>> stackPositions(int count, double step, double tiltDegrees = 0);

// A CT slice whose header claims `frames` frames of rows x columns 16-bit pixels in RLE, with
// only a few hundred bytes of RLE data: a decompression bomb.
void writeRleBomb(const std::string& file, int rows, int columns, int frames);

}  // namespace slicewise::test
