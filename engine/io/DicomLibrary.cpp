#include "io/DicomLibrary.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace slicewise {

void initDicomLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    OFLog::configure(OFLogger::OFF_LOG_LEVEL);
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

std::string transferSyntaxName(const std::string& uid) {
  const DcmXfer xfer(uid.c_str());
  if (xfer.getXfer() == EXS_Unknown) return uid;
  return xfer.getXferName();
}

bool canDecodeTransferSyntax(const std::string& uid) {
  initDicomLibrary();
  const DcmXfer xfer(uid.c_str());
  if (xfer.getXfer() == EXS_Unknown) return false;
  if (!xfer.isEncapsulated()) return true;
  return DcmCodecList::canChangeCoding(xfer.getXfer(), EXS_LittleEndianExplicit);
}

}  // namespace slicewise
