#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "jobs/JobFolder.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

// 3 x 2 x 2 voxels; the image counts up from -2 so the bytes are easy to write down.
ImageGeometry tinyGrid() {
  ImageGeometry g;
  g.size = {3, 2, 2};
  g.spacing = {0.5, 0.5, 2.0};
  g.origin = {10, 20, 30};
  return g;
}

Volume tinyImage() {
  std::vector<int16_t> v(12);
  for (size_t i = 0; i < v.size(); ++i) v[i] = int16_t(int(i) - 2);
  return Volume(tinyGrid(), v);
}

LabelVolume tinyLabels() {
  LabelVolume l(tinyGrid());
  l.set(1, 0, 1, 7);
  l.set(2, 1, 1, 300);
  return l;
}

JobDescription tinyJob() {
  JobDescription j;
  j.geometry = tinyGrid();
  j.imagePixelType = PixelType::Int16;
  j.axis = SliceAxis::Axial;
  j.keySlices = {1};
  j.keyState = "0123456789abcdef";
  j.seed = 42;
  j.device = "cpu";
  j.parameters.iterations = 12;
  return j;
}

std::string bytesOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned modeOf(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

}  // namespace

class JobFolderTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void createsOwnerOnlyFilesWithLittleEndianVoxels() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    JobFolder::create(dir, tinyJob(), tinyImage(), tinyLabels());
    QCOMPARE(modeOf(dir), 0700u);
    for (const char* f : {"job.json", "image.raw", "labels.raw"}) QCOMPARE(modeOf(dir / f), 0600u);
    QVERIFY(!fs::exists(dir / "provenance.raw"));
    // int16 -2, -1, 0, 1, ... little-endian.
    const std::string image = bytesOf(dir / "image.raw");
    QCOMPARE(image.size(), size_t(24));
    QCOMPARE(image.substr(0, 6), std::string("\xfe\xff\xff\xff\x00\x00", 6));
    QCOMPARE(image.substr(22, 2), std::string("\x09\x00", 2));
    // Label 7 at (1,0,1) = linear 7, label 300 = 0x012c at (2,1,1) = linear 11.
    const std::string labels = bytesOf(dir / "labels.raw");
    QCOMPARE(labels.size(), size_t(24));
    QCOMPARE(labels.substr(14, 2), std::string("\x07\x00", 2));
    QCOMPARE(labels.substr(22, 2), std::string("\x2c\x01", 2));
    // Nothing else: no temporary folder beside it.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path().toStdString())) ++entries;
    QCOMPARE(entries, 1);
  }

  void jobJsonStatesTheDescription() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    JobFolder::create(dir, tinyJob(), tinyImage(), tinyLabels());
    std::ifstream in(dir / "job.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    QCOMPARE(j["format"].get<std::string>(), std::string("slicewise-job"));
    QCOMPARE(j["version"].get<int>(), 1);
    QCOMPARE(j["geometry"]["size"].dump(), std::string("[3,2,2]"));
    QCOMPARE(j["geometry"]["origin"].dump(), std::string("[10.0,20.0,30.0]"));
    QCOMPARE(j["image"]["pixel_type"].get<std::string>(), std::string("int16"));
    QCOMPARE(j["axis"].get<std::string>(), std::string("axial"));
    QCOMPARE(j["key_slices"].dump(), std::string("[1]"));
    QCOMPARE(j["key_state"].get<std::string>(), std::string("0123456789abcdef"));
    QCOMPARE(j["seed"].get<int>(), 42);
    QCOMPARE(j["parameters"]["iterations"].get<int>(), 12);
    QVERIFY(j["provenance"].is_null());
    // No patient data: exactly these keys.
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    QCOMPARE(keys, (std::vector<std::string>{"axis", "byte_order", "device", "format", "geometry", "image",
                                            "key_slices", "key_state", "labels", "parameters", "predictor",
                                            "provenance", "seed", "version"}));
  }

  void readsBackVoxelsAndProvenance() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    JobDescription job = tinyJob();
    job.hasProvenance = true;
    ProvenanceVolume prov(tinyGrid());
    prov.set(4, VoxelOrigin::Drawn);
    JobFolder::create(dir, job, tinyImage(), tinyLabels(), &prov);
    const JobFolder f = JobFolder::open(dir);
    QCOMPARE(f.description(), job);
    const Volume image = f.readImage();
    QCOMPARE(image.valueAt(0, 0, 0), -2.0);
    QCOMPARE(image.valueAt(2, 1, 1), 9.0);
    QCOMPARE(f.readLabels().at(2, 1, 1), Label(300));
    const auto p = f.readProvenance();
    QVERIFY(p);
    QCOMPARE(p->at(4), VoxelOrigin::Drawn);
    QCOMPARE(p->count(VoxelOrigin::None), size_t(11));
  }

  void refusesExistingFolderAndBadInput() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    fs::create_directory(dir);
    QVERIFY_THROWS_EXCEPTION(JobError, JobFolder::create(dir, tinyJob(), tinyImage(), tinyLabels()));
    JobDescription outOfRange = tinyJob();
    outOfRange.keySlices = {2};  // two axial slices only
    QVERIFY_THROWS_EXCEPTION(JobError, JobFolder::create(dir / "x", outOfRange, tinyImage(), tinyLabels()));
    QVERIFY(!fs::exists(dir / "x"));
    QVERIFY_THROWS_EXCEPTION(JobError, JobFolder::open(dir));  // no job.json
  }

  void truncatedRawFileIsRefused() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    const JobFolder f = JobFolder::create(dir, tinyJob(), tinyImage(), tinyLabels());
    fs::resize_file(dir / "image.raw", 20);
    try {
      f.readImage();
      QFAIL("a short image.raw was read");
    } catch (const JobError& e) {
      QVERIFY2(std::string(e.what()).find("holds 20 bytes; the geometry needs 24") != std::string::npos, e.what());
    }
  }

  void malformedDescriptionsAreRefused() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    JobFolder::create(dir, tinyJob(), tinyImage(), tinyLabels());
    std::ifstream in(dir / "job.json");
    const nlohmann::json good = nlohmann::json::parse(in);
    const auto refused = [&](nlohmann::json j, const std::string& expected) {
      { std::ofstream(dir / "job.json") << j.dump(); }
      try {
        JobFolder::open(dir);
        return false;
      } catch (const JobError& e) {
        return std::string(e.what()).find(expected) != std::string::npos;
      }
    };
    nlohmann::json j = good;
    j["version"] = 2;
    QVERIFY(refused(j, "format version 2"));
    j = good;
    j["parameters"]["iteratons"] = 5;
    QVERIFY(refused(j, "unknown parameter 'iteratons'"));
    j = good;
    j["parameters"]["batch"] = "8";
    QVERIFY(refused(j, "'batch' has the wrong type"));
    j = good;
    j["key_slices"] = {1, 1};
    QVERIFY(refused(j, "ascending and unique"));
    j = good;
    j["device"] = "gpu";
    QVERIFY(refused(j, "device must be"));
    j = good;
    j["geometry"]["spacing"] = {1, 0, 1};
    QVERIFY(refused(j, "geometry is not valid"));
    j = good;
    j["predictor"] = "segformer";
    QVERIFY(refused(j, "unknown predictor 'segformer'"));
    j = good;
    j["predictor"] = "manet";
    j["parameters"]["architecture"] = "deeplab";
    QVERIFY(refused(j, "differ"));
    { std::ofstream(dir / "job.json") << "{ not json"; }
    QVERIFY_THROWS_EXCEPTION(JobError, JobFolder::open(dir));
  }

  void architectureFollowsThePredictorInOlderFolders() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    JobDescription job = tinyJob();
    job.predictor = "deeplab";
    job.parameters.architecture = NetworkArchitecture::DeepLabV3Plus;
    JobFolder::create(dir, job, tinyImage(), tinyLabels());
    QCOMPARE(JobFolder::open(dir).description(), job);
    std::ifstream in(dir / "job.json");
    nlohmann::json j = nlohmann::json::parse(in);
    QCOMPARE(j["parameters"]["architecture"].get<std::string>(), std::string("deeplab"));
    // Written before there was a choice: no architecture, predictor "unet".
    j["predictor"] = "unet";
    j["parameters"].erase("architecture");
    { std::ofstream(dir / "job.json") << j.dump(); }
    QCOMPARE(JobFolder::open(dir).description().parameters.architecture, NetworkArchitecture::UNet);
    j["predictor"] = "manet";
    { std::ofstream(dir / "job.json") << j.dump(); }
    QCOMPARE(JobFolder::open(dir).description().parameters.architecture, NetworkArchitecture::MAnet);
  }

  void encoderWeightsTravelInside() {
    QTemporaryDir tmp;
    const fs::path weights = fs::path(tmp.path().toStdString()) / "pretrained.pt";
    std::ofstream(weights) << "weights";
    JobDescription job = tinyJob();
    job.parameters.encoderWeights = weights.string();
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    const JobFolder f = JobFolder::create(dir, job, tinyImage(), tinyLabels());
    QCOMPARE(bytesOf(dir / "encoder.pt"), std::string("weights"));
    QCOMPARE(JobFolder::open(dir).description().parameters.encoderWeights, std::string("encoder.pt"));
    QCOMPARE(f.encoderWeightsPath(), dir / "encoder.pt");
  }

  void initialWeightsTravelInside() {
    QTemporaryDir tmp;
    const fs::path weights = fs::path(tmp.path().toStdString()) / "cohort-weights.pt";
    std::ofstream(weights) << "cohort model";
    JobDescription job = tinyJob();
    job.parameters.initialWeights = weights.string();
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    const JobFolder f = JobFolder::create(dir, job, tinyImage(), tinyLabels());
    QCOMPARE(bytesOf(dir / "initial.pt"), std::string("cohort model"));
    QCOMPARE(modeOf(dir / "initial.pt"), 0600u);
    QCOMPARE(f.description().parameters.initialWeights, std::string("initial.pt"));
    std::ifstream in(dir / "job.json");
    QCOMPARE(nlohmann::json::parse(in)["parameters"]["initial_weights"].get<std::string>(), std::string("initial.pt"));
    const JobFolder reopened = JobFolder::open(dir);
    QCOMPARE(reopened.initialWeightsPath(), dir / "initial.pt");
    QCOMPARE(reopened.encoderWeightsPath(), fs::path());
    // A relative name stays as it is and resolves against the folder.
    job.parameters.initialWeights = "elsewhere.pt";
    const fs::path second = fs::path(tmp.path().toStdString()) / "second";
    QCOMPARE(JobFolder::create(second, job, tinyImage(), tinyLabels()).initialWeightsPath(), second / "elsewhere.pt");
    QVERIFY(!fs::exists(second / "initial.pt"));
    // An unreadable file leaves no folder behind.
    job.parameters.initialWeights = (fs::path(tmp.path().toStdString()) / "missing.pt").string();
    const fs::path third = fs::path(tmp.path().toStdString()) / "third";
    QVERIFY_THROWS_EXCEPTION(JobError, JobFolder::create(third, job, tinyImage(), tinyLabels()));
    QVERIFY(!fs::exists(third));
  }

  void progressAndProposalFiles() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "job";
    const JobFolder f = JobFolder::create(dir, tinyJob(), tinyImage(), tinyLabels());
    QVERIFY(!f.readProgress());
    TrainingProgress p;
    p.iteration = 5;
    p.iterations = 12;
    p.loss = 0.5;
    p.etaSeconds = 3.5;
    p.device = "cpu";
    f.writeProgress(p);
    QCOMPARE(modeOf(dir / "progress.json"), 0600u);
    QCOMPARE(*f.readProgress(), p);

    QVERIFY(!f.hasProposal());
    Proposal proposal;
    proposal.predictor = "unet";
    proposal.parametersJson = R"({"iterations":12})";
    proposal.labels = tinyLabels();
    proposal.sliceConfidence = {0.25f, 1.0f};
    proposal.keySlices = {1};
    proposal.keyState = "0123456789abcdef";
    f.writeProposal(proposal, {{"iterations", 12}});
    QVERIFY(f.hasProposal());
    const Proposal back = f.readProposal();
    QCOMPARE(back.labels.data(), proposal.labels.data());
    QCOMPARE(back.sliceConfidence, proposal.sliceConfidence);
    QCOMPARE(back.keyState, proposal.keyState);
    QCOMPARE(back.parametersJson, std::string(R"({"iterations":12})"));
    QCOMPARE(f.readProposalTraining()["iterations"].get<int>(), 12);
  }
};

QTEST_GUILESS_MAIN(JobFolderTest)
#include "JobFolderTest.moc"
