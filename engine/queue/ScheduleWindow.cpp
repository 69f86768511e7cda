#include "queue/ScheduleWindow.h"

#include <cstdio>
#include <ctime>

namespace slicewise {

using Clock = std::chrono::system_clock;

WallClock systemWallClock() {
  return [] { return Clock::now(); };
}

int localMinuteOfDay(Clock::time_point t) {
  const std::time_t seconds = Clock::to_time_t(t);
  std::tm local{};
  localtime_r(&seconds, &local);
  return local.tm_hour * 60 + local.tm_min;
}

std::optional<int> parseTimeOfDay(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string formatTimeOfDay(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02d:%02d", (minute / 60) % 24, minute % 60);
  return buf;
}

Clock::time_point nextLocalTime(Clock::time_point from, int minute) {
  const std::time_t seconds = Clock::to_time_t(from);
  std::tm local{};
  localtime_r(&seconds, &local);
  std::tm target = local;
  target.tm_hour = minute / 60;
  target.tm_min = minute % 60;
  target.tm_sec = 0;
  target.tm_isdst = -1;  // mktime decides, so a daylight-saving change is honoured
  std::time_t t = std::mktime(&target);
  if (t <= seconds) {
    target = local;
    target.tm_mday += 1;
    target.tm_hour = minute / 60;
    target.tm_min = minute % 60;
    target.tm_sec = 0;
    target.tm_isdst = -1;
    t = std::mktime(&target);
  }
  return Clock::from_time_t(t);
}

bool ScheduleWindow::contains(int m) const {
  if (startMinute == endMinute) return true;
  if (startMinute < endMinute) return m >= startMinute && m < endMinute;
  return m >= startMinute || m < endMinute;  // across midnight
}

std::string ScheduleWindow::describe() const { return formatTimeOfDay(startMinute) + "-" + formatTimeOfDay(endMinute); }

std::optional<ScheduleWindow> ScheduleWindow::parse(std::string_view text) {
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto a = parseTimeOfDay(text.substr(0, 5));
  const auto b = parseTimeOfDay(text.substr(6, 5));
  if (!a || !b) return std::nullopt;
  return ScheduleWindow{*a, *b};
}

}  // namespace slicewise
