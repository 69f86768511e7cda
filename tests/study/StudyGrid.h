#pragma once

#include <QFile>
#include <QString>

namespace slicewise::test {

// A MetaImage of the pattern grid (160x160x48, 1 mm, all zero) for studies whose image content
// does not matter. Returns the .mhd path.
inline QString writePatternGridImage(const QString& dir) {
  const QString mhd = dir + "/grid.mhd";
  QFile h(mhd);
  if (!h.open(QIODevice::WriteOnly)) return {};
  h.write("ObjectType = Image\nNDims = 3\nDimSize = 160 160 48\nElementType = MET_UCHAR\n"
          "ElementSpacing = 1 1 1\nElementDataFile = grid.raw\n");
  h.close();
  QFile r(dir + "/grid.raw");
  if (!r.open(QIODevice::WriteOnly)) return {};
  r.write(QByteArray(160 * 160 * 48, '\0'));
  return mhd;
}

}  // namespace slicewise::test
