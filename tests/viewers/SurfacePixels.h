#pragma once

// Reading rendered 3D frames: which surface colour a shaded pixel shows, and how often the
// colour along a row switches between surfaces.
#include <QColor>
#include <QImage>
#include <cmath>
#include <vector>

namespace slicewise::test {

// Index of the colour in `colours` that a lit pixel shows, or -1 (background, dark seam).
// Lighting scales a surface colour and adds a little white, so directions in RGB are compared.
inline int shadeOf(QRgb pixel, const std::vector<QColor>& colours) {
  const double r = qRed(pixel), g = qGreen(pixel), b = qBlue(pixel);
  const double length = std::sqrt(r * r + g * g + b * b);
  if (std::max({r, g, b}) < 40) return -1;
  for (size_t n = 0; n < colours.size(); ++n) {
    const QColor& c = colours[n];
    const double cl = std::sqrt(double(c.red() * c.red() + c.green() * c.green() + c.blue() * c.blue()));
    const double cosine = (r * c.red() + g * c.green() + b * c.blue()) / (length * cl);
    if (cosine > 0.95) return int(n);
  }
  return -1;
}

// Along each row: how many times the surface shown changes from one colour to another
// (pixels of neither in between are skipped). Returns the count per row.
inline std::vector<int> switchesPerRow(const QImage& frame, const std::vector<QColor>& colours) {
  std::vector<int> out;
  for (int y = 0; y < frame.height(); ++y) {
    int last = -1, switches = 0;
    for (int x = 0; x < frame.width(); ++x) {
      const int s = shadeOf(frame.pixel(x, y), colours);
      if (s < 0) continue;
      if (last >= 0 && s != last) ++switches;
      last = s;
    }
    out.push_back(switches);
  }
  return out;
}

inline int64_t countShade(const QImage& frame, const std::vector<QColor>& colours, int which) {
  int64_t n = 0;
  for (int y = 0; y < frame.height(); ++y)
    for (int x = 0; x < frame.width(); ++x)
      if (shadeOf(frame.pixel(x, y), colours) == which) ++n;
  return n;
}

}  // namespace slicewise::test
