#include "study/FileHash.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "study/Study.h"

namespace slicewise {

FileFingerprint fingerprintFile(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw StudyError("cannot read image file " + path);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<unsigned char> buf(1 << 20);
  FileFingerprint fp;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    EVP_DigestUpdate(ctx.get(), buf.data(), n);
    fp.sizeBytes += n;
  }
  if (std::ferror(f.get())) throw StudyError("cannot read image file " + path);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  static const char* hex = "0123456789abcdef";
  for (unsigned i = 0; i < len; ++i) {
    fp.sha256 += hex[digest[i] >> 4];
    fp.sha256 += hex[digest[i] & 15];
  }
  return fp;
}

}  // namespace slicewise
