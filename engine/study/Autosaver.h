#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace slicewise {

class Study;
struct StudySnapshot;

struct AutosaveResult {
  bool ok = false;
  int64_t historyId = 0;
  size_t bricks = 0;          // label bricks written
  double milliseconds = 0;    // snapshot to commit
  std::string error;          // StudyError's message when !ok
};

// Saves a study a few seconds after the last edit, writing on its own thread so the editor never
// waits for the disk. The editing thread drives it: noteEdit() after each edit (once the edit is
// marked on the study), tick() from a timer (every few hundred ms). When the delay has passed,
// tick() copies the pending bricks (a few ms) and hands them to the writer; results come back
// through takeResult() on the editing thread, which puts a failed save's changes back as pending
// so the next attempt writes them again.
class Autosaver {
 public:
  explicit Autosaver(Study& study, std::chrono::milliseconds delay = std::chrono::seconds(3),
                     std::string author = {});
  ~Autosaver();  // waits for a write in flight; pending edits stay pending (call flush() first)
  Autosaver(const Autosaver&) = delete;
  Autosaver& operator=(const Autosaver&) = delete;

  void noteEdit();
  // Starts a background save when one is due and none is running; true when it started one.
  bool tick();
  // Starts a background save of whatever is pending at once (an explicit Save that must not
  // freeze the window); true when it started one. The history names it `description`.
  bool saveNow(const std::string& description = "save");
  // Waits for the write in flight, then saves what is still pending on this thread.
  AutosaveResult flush();
  bool busy() const;
  // The result of the last finished background save, once. Call on the editing thread.
  std::optional<AutosaveResult> takeResult();
  // Called on the writer thread after each background save (e.g. to post an event to the UI).
  void setOnFinished(std::function<void()> callback);

 private:
  void writerLoop();
  bool start(bool afterDelay, const std::string& description);
  AutosaveResult write(const StudySnapshot& snapshot, const std::string& description);

  Study& study_;
  const std::chrono::milliseconds delay_;
  const std::string author_;
  std::chrono::steady_clock::time_point lastEdit_{};
  bool editPending_ = false;

  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::shared_ptr<StudySnapshot> job_;            // handed to the writer
  std::string jobDescription_;
  std::shared_ptr<StudySnapshot> finishedJob_;    // kept to restore a failed save
  std::optional<AutosaveResult> result_;
  std::chrono::steady_clock::time_point jobStart_{};
  bool running_ = false, stop_ = false;
  std::function<void()> onFinished_;
  std::thread writer_;
};

}  // namespace slicewise
