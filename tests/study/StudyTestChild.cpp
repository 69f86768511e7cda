// The separate process of the study tests:
//   study_test_child save-loop DIR    saves whole-volume edits forever; prints each confirmed seq
//   study_test_child hold DIR         opens the study read-write, prints "open", waits on stdin
//   study_test_child fill DIR BYTES [retry]  saves an edit under RLIMIT_FSIZE=BYTES, prints the
//                                     outcome; with retry, lifts the limit and saves again
//   study_test_child create DIR IMAGE creates a study whose labels are save 1's pattern; prints
//                                     "created" or the error
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "StudyPattern.h"
#include "study/Study.h"

using namespace slicewise;

namespace {

int64_t lastSeq(const Study& study) {
  const auto history = study.history();
  for (auto it = history.rbegin(); it != history.rend(); ++it)
    if (it->description.rfind("seq ", 0) == 0) return std::stoll(it->description.substr(4));
  return 0;
}

void saveSeq(Study& study, int64_t seq) {
  test::paintPattern(study.editor(), seq);
  study.editor().setWorklist(SliceAxis::Axial, {seq % study.geometry().size[2]});
  study.save("child", "seq " + std::to_string(seq));
}

int saveLoop(const std::string& dir) {
  auto study = Study::open(dir);
  for (int64_t seq = lastSeq(*study) + 1;; ++seq) {
    saveSeq(*study, seq);
    std::printf("%lld\n", static_cast<long long>(seq));
    std::fflush(stdout);
  }
}

int hold(const std::string& dir) {
  auto study = Study::open(dir);
  std::printf("open\n");
  std::fflush(stdout);
  std::string line;
  std::getline(std::cin, line);
  return 0;
}

int fill(const std::string& dir, long long limit, bool retry) {
  signal(SIGXFSZ, SIG_IGN);  // a write beyond the limit then fails with EFBIG, as on a full disk
  auto study = Study::open(dir);
  const int64_t seq = lastSeq(*study) + 1;
  rlimit rl{};
  getrlimit(RLIMIT_FSIZE, &rl);
  const rlimit original = rl;
  rl.rlim_cur = rlim_t(limit);
  setrlimit(RLIMIT_FSIZE, &rl);
  try {
    saveSeq(*study, seq);
    std::printf("saved despite the limit\n");
    return 3;
  } catch (const StudyError& e) {
    std::printf("error: %s\n", e.what());
  }
  std::fflush(stdout);
  if (!retry) return 0;
  setrlimit(RLIMIT_FSIZE, &original);
  // The failed save's changes are still pending: saving again without the limit writes them.
  try {
    study->save("child", "seq " + std::to_string(seq));
    std::printf("retry saved %lld\n", static_cast<long long>(seq));
  } catch (const StudyError& e) {
    std::printf("retry failed: %s\n", e.what());
  }
  return 0;
}

}  // namespace

int create(const std::string& dir, const std::string& image) {
  StudyCreateOptions options;
  LabelVolume labels(test::patternGeometry());
  for (size_t i = 0; i < labels.voxelCount(); ++i) labels.data()[i] = test::patternLabel(i, 1);
  options.labels = std::move(labels);
  try {
    Study::create(dir, image, options);
    std::printf("created\n");
  } catch (const StudyError& e) {
    std::printf("error: %s\n", e.what());
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const std::string mode = argv[1], dir = argv[2];
  try {
    if (mode == "save-loop") return saveLoop(dir);
    if (mode == "hold") return hold(dir);
    if (mode == "create" && argc == 4) return create(dir, argv[3]);
    if (mode == "fill" && argc >= 4)
      return fill(dir, std::atoll(argv[3]), argc == 5 && std::string(argv[4]) == "retry");
  } catch (const std::exception& e) {
    std::printf("error: %s\n", e.what());
    std::fflush(stdout);
    return 1;
  }
  return 2;
}
