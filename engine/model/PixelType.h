#pragma once

#include <optional>
#include <string_view>

namespace slicewise {

// The scanner pixel types Slicewise keeps as they are; anything else is converted on import.
enum class PixelType { UInt8, Int16, UInt16, Float32 };

std::string_view pixelTypeName(PixelType type);
std::optional<PixelType> parsePixelType(std::string_view name);

}  // namespace slicewise
