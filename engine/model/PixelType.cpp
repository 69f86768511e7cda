#include "model/PixelType.h"

namespace slicewise {

std::string_view pixelTypeName(PixelType type) {
  switch (type) {
    case PixelType::UInt8: return "uint8";
    case PixelType::Int16: return "int16";
    case PixelType::UInt16: return "uint16";
    case PixelType::Float32: return "float";
  }
  return "unknown";
}

std::optional<PixelType> parsePixelType(std::string_view name) {
  for (auto t : {PixelType::UInt8, PixelType::Int16, PixelType::UInt16, PixelType::Float32})
    if (pixelTypeName(t) == name) return t;
  return std::nullopt;
}

}  // namespace slicewise
