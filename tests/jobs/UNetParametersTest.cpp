#include <QtTest>
#include <nlohmann/json.hpp>

#include "jobs/UNetParameters.h"

using namespace slicewise;

class UNetParametersTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void defaultsAsJson() {
    QCOMPARE(toJson(UNetParameters{}).dump(),
             std::string(R"({"architecture":"unet","atrous_rates":[2,4,6],"augment":true,"batch":8,)"
                         R"("checkpoint_iterations":0,"checkpoint_seconds":180.0,"crop":0,)"
                         R"("ct_window":"auto","encoder_weights":"","initial_weights":"","intensity":"auto",)"
                         R"("iterations":500,)"
                         R"("learning_rate":0.01,"levels":4,"output_stride":8,"plateau_iterations":0,)"
                         R"("plateau_tolerance":0.01,"threads":0,"time_limit_seconds":0.0,"width":16})"));
  }

  void missingKeysKeepDefaults() {
    const UNetParameters p = unetParametersFromJson(nlohmann::json::parse(R"({"iterations": 40, "intensity": "ct",
        "ct_window": [-200, 300]})"));
    QCOMPARE(p.iterations, int64_t(40));
    QCOMPARE(p.intensity, IntensityMode::CtWindow);
    QVERIFY(!p.ctWindowFromLabels);
    QCOMPARE(p.ctWindowLow, -200.0);
    QCOMPARE(p.ctWindowHigh, 300.0);
    QCOMPARE(toJson(p)["ct_window"], nlohmann::json({-200.0, 300.0}));
    QCOMPARE(unetParametersFromJson(toJson(p)), p);
    QVERIFY(unetParametersFromJson(nlohmann::json::parse(R"({"ct_window": "auto"})")).ctWindowFromLabels);
    QCOMPARE(p.width, 16);
    QCOMPARE(p.levels, 4);
    QCOMPARE(p.architecture, NetworkArchitecture::UNet);
  }

  void initialWeightsAndUnnormalisedPixels() {
    const UNetParameters p = unetParametersFromJson(
        nlohmann::json::parse(R"({"initial_weights": "/cohort/weights.pt", "intensity": "none"})"));
    QCOMPARE(p.initialWeights, std::string("/cohort/weights.pt"));
    QCOMPARE(p.intensity, IntensityMode::None);
    QCOMPARE(toJson(p)["initial_weights"].get<std::string>(), std::string("/cohort/weights.pt"));
    QCOMPARE(toJson(p)["intensity"].get<std::string>(), std::string("none"));
    QCOMPARE(unetParametersFromJson(toJson(p)), p);
  }

  void architectures() {
    const UNetParameters d = unetParametersFromJson(
        nlohmann::json::parse(R"({"architecture": "deeplab", "output_stride": 16, "atrous_rates": [1, 3, 5]})"));
    QCOMPARE(d.architecture, NetworkArchitecture::DeepLabV3Plus);
    QCOMPARE(d.outputStride, 16);
    QCOMPARE(d.atrousRates, (std::array<int, 3>{1, 3, 5}));
    QCOMPARE(unetParametersFromJson(toJson(d)), d);
    QCOMPARE(unetParametersFromJson(nlohmann::json::parse(R"({"architecture": "manet"})")).architecture,
             NetworkArchitecture::MAnet);
    QCOMPARE(architectureName(NetworkArchitecture::DeepLabV3Plus), std::string_view("deeplab"));
    QVERIFY(!parseArchitecture("segformer"));
  }

  void refusesWhatItCannotUse() {
    const auto message = [](const char* text) {
      try {
        unetParametersFromJson(nlohmann::json::parse(text));
      } catch (const std::invalid_argument& e) {
        return std::string(e.what());
      }
      return std::string("accepted");
    };
    QCOMPARE(message(R"({"widht": 8})"), std::string("unknown parameter 'widht'"));
    QCOMPARE(message(R"({"width": 8.5})"), std::string("parameter 'width' has the wrong type"));
    QCOMPARE(message(R"({"augment": 1})"), std::string("parameter 'augment' has the wrong type"));
    QCOMPARE(message(R"({"levels": 0})"), std::string("levels must be 1 to 7"));
    QCOMPARE(message(R"({"iterations": 0})"), std::string("iterations must be at least 1"));
    QCOMPARE(message(R"({"learning_rate": -1})"), std::string("learning_rate must be in (0, 10)"));
    QCOMPARE(message(R"({"intensity": "mri"})"), std::string("intensity must be auto, zscore, ct or none, not 'mri'"));
    QCOMPARE(message(R"({"initial_weights": 3})"), std::string("parameter 'initial_weights' has the wrong type"));
    QCOMPARE(message(R"({"ct_window": [300, -200]})"), std::string("ct_window must be two finite values, low < high"));
    QCOMPARE(message(R"({"ct_window": "wide"})"), std::string("ct_window must be \"auto\" or [low, high] in HU"));
    QCOMPARE(message(R"([1, 2])"), std::string("parameters must be a JSON object"));
    QCOMPARE(message(R"({"architecture": "vit"})"),
             std::string("architecture must be unet, deeplab or manet, not 'vit'"));
    QCOMPARE(message(R"({"output_stride": 32})"), std::string("output_stride must be 8 or 16"));
    QCOMPARE(message(R"({"atrous_rates": [1, 2]})"), std::string("atrous_rates must be three integers"));
    QCOMPARE(message(R"({"atrous_rates": [1, 2, 0]})"), std::string("atrous_rates must be 1 to 64"));
  }
};

QTEST_GUILESS_MAIN(UNetParametersTest)
#include "UNetParametersTest.moc"
