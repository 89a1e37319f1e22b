#include "deadline_timers.hpp"

namespace http {

std::optional<Clock::time_point> DeadlineTimers::next() const {
    if (deadlines_.empty()) {
        return std::nullopt;
    }
    return deadlines_.begin()->first;
}

std::optional<int> DeadlineTimers::pop_due(Clock::time_point now) {
    if (deadlines_.empty() || deadlines_.begin()->first > now) {
        return std::nullopt;
    }
    const int fd = deadlines_.begin()->second;
    deadlines_.erase(deadlines_.begin());
    return fd;
}

}  // namespace http
