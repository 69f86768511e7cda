#pragma once

#include <string>

namespace slicewise {

// Registers DCMTK's JPEG, JPEG-LS and RLE decoders and turns DCMTK's own logging off (its
// messages may quote element values, which can identify a patient). Safe to call repeatedly
// and from several threads; every DICOM entry point calls it.
void initDicomLibrary();

// "JPEG 2000 Image Compression (Lossless Only)" for its UID; the UID itself when unknown.
std::string transferSyntaxName(const std::string& uid);
// True for uncompressed syntaxes and for compressed ones a registered decoder handles.
bool canDecodeTransferSyntax(const std::string& uid);

}  // namespace slicewise
