#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace slicewise {

// The clock a worker decides by (when the night window is open, when --until has come). Tests
// put a fixed or stepped time here; heartbeats always use the system clock.
using WallClock = std::function<std::chrono::system_clock::time_point()>;
WallClock systemWallClock();
// Minutes since local midnight (0..1439) at `t`, in the machine's time zone.
int localMinuteOfDay(std::chrono::system_clock::time_point t);
// "HH:MM" (00:00..23:59) as minutes since midnight; nullopt when malformed.
std::optional<int> parseTimeOfDay(std::string_view text);
std::string formatTimeOfDay(int minute);
// The first moment after `from` at which the local time reads `minute`.
std::chrono::system_clock::time_point nextLocalTime(std::chrono::system_clock::time_point from, int minute);

// When night jobs may run: a daily window of local time, e.g. 19:00-07:00 (it may cross
// midnight; equal ends mean the whole day).
struct ScheduleWindow {
  int startMinute = 19 * 60;
  int endMinute = 7 * 60;

  bool contains(int minuteOfDay) const;
  bool contains(std::chrono::system_clock::time_point t) const { return contains(localMinuteOfDay(t)); }
  std::string describe() const;  // "19:00-07:00"
  // "19:00-07:00"; nullopt when malformed.
  static std::optional<ScheduleWindow> parse(std::string_view text);
};

}  // namespace slicewise
