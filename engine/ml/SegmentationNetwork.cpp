#include "ml/SegmentationNetwork.h"

#include "ml/DeepLabV3Plus2d.h"
#include "ml/MAnet2d.h"
#include "ml/UNet2d.h"

namespace slicewise {

std::shared_ptr<SegmentationNetworkImpl> makeSegmentationNetwork(const UNetParameters& p, int64_t inChannels,
                                                                 int64_t classes) {
  switch (p.architecture) {
    case NetworkArchitecture::DeepLabV3Plus:
      return std::make_shared<DeepLabV3Plus2dImpl>(inChannels, classes, p.width, p.outputStride, p.atrousRates);
    case NetworkArchitecture::MAnet:
      return std::make_shared<MAnet2dImpl>(inChannels, classes, p.levels, p.width);
    case NetworkArchitecture::UNet: break;
  }
  return std::make_shared<UNet2dImpl>(inChannels, classes, p.levels, p.width);
}

}  // namespace slicewise
