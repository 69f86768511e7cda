// PacsClient::send: C-STORE of DICOM files.
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"
#include "pacs/ScuSession.h"

namespace slicewise {

namespace {

struct Outgoing {
  std::string file, sopClass, transferSyntax;
  uint64_t bytes = 0;
};

std::string metaText(DcmMetaInfo& meta, const DcmTagKey& key) {
  OFString value;
  meta.findAndGetOFString(key, value);
  return value.c_str();
}

// Reads only the file meta header: what the association must offer for the file.
Outgoing inspect(const std::string& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw PacsError(file + " is not a file");
  DcmFileFormat ff;
  if (ff.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_metaOnly).bad())
    throw PacsError(file + " is not a DICOM file");
  Outgoing o;
  o.file = file;
  o.sopClass = metaText(*ff.getMetaInfo(), DCM_MediaStorageSOPClassUID);
  o.transferSyntax = metaText(*ff.getMetaInfo(), DCM_TransferSyntaxUID);
  if (o.sopClass.empty() || o.transferSyntax.empty())
    throw PacsError(file + " has no DICOM file meta header (SOP class and transfer syntax)");
  o.bytes = fs::file_size(file, ec);
  return o;
}

std::string hex(Uint16 status) {
  char text[8];
  std::snprintf(text, sizeof text, "%04x", unsigned(status));
  return text;
}

}  // namespace

SendResult PacsClient::send(const std::vector<std::string>& files, const PacsProgressCallback& progress,
                            const std::atomic<bool>* cancel) const {
  const auto start = std::chrono::steady_clock::now();
  if (files.empty()) throw PacsError("no files to send");
  std::vector<Outgoing> outgoing;
  std::map<std::string, std::set<std::string>> syntaxesByClass;
  for (const std::string& f : files) {
    outgoing.push_back(inspect(f));
    syntaxesByClass[outgoing.back().sopClass].insert(outgoing.back().transferSyntax);
  }
  if (syntaxesByClass.size() > 120) throw PacsError("the files hold more than 120 SOP classes; send them in parts");

  ScuSession session(node_, cancel);
  // A PACS that refuses a compressed syntax still takes the file uncompressed: DCMTK decodes
  // it on the way (the JPEG, JPEG-LS and RLE decoders are registered).
  session.setDatasetConversionMode(OFTrue);
  for (const auto& [sopClass, syntaxes] : syntaxesByClass) {
    for (const std::string& ts : syntaxes) {
      if (ts == UID_LittleEndianExplicitTransferSyntax || ts == UID_LittleEndianImplicitTransferSyntax) continue;
      OFList<OFString> one;
      one.push_back(ts.c_str());
      session.addPresentationContext(sopClass.c_str(), one);
    }
    OFList<OFString> plain;
    plain.push_back(UID_LittleEndianExplicitTransferSyntax);
    plain.push_back(UID_LittleEndianImplicitTransferSyntax);
    session.addPresentationContext(sopClass.c_str(), plain);
  }
  session.connect("C-STORE");

  SendResult result;
  for (const Outgoing& o : outgoing) {
    if (cancel && cancel->load()) {
      session.close(true);
      throw PacsCancelled();
    }
    const std::string name = std::filesystem::path(o.file).filename().string();
    const T_ASC_PresentationContextID pc = session.findAnyPresentationContextID(o.sopClass.c_str(), o.transferSyntax.c_str());
    if (pc == 0) {
      session.close(true);
      const char* className = dcmFindNameOfUID(o.sopClass.c_str(), o.sopClass.c_str());
      throw PacsError(session.nodeText() + " does not accept " + className + " (" + name + ")");
    }
    Uint16 status = 0;
    const OFCondition cond = session.sendSTORERequest(pc, o.file.c_str(), nullptr, status);
    if (cond.bad()) {
      session.close(true);
      throw PacsError("C-STORE of " + name + " to " + session.nodeText() + " failed after " +
                      std::to_string(result.sent) + " of " + std::to_string(outgoing.size()) +
                      " files: " + session.explain(cond));
    }
    if ((status & 0xf000) == 0xb000) {
      ++result.warnings;
    } else if (status != STATUS_Success) {
      session.close(false);
      throw PacsError(session.nodeText() + " refused " + name + ": " + DU_cstoreStatusString(status) + " (0x" +
                      hex(status) + ")");
    }
    ++result.sent;
    result.bytes += o.bytes;
    if (progress) progress(PacsProgress{result.sent, int(outgoing.size()), result.bytes});
  }
  session.close(false);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace slicewise
