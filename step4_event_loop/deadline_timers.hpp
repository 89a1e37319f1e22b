#pragma once

#include "socket.hpp"

#include <optional>
#include <set>
#include <utility>

namespace http {

/// Deadlines kept in time order, each naming a descriptor, as nginx keeps
/// its timers in a red-black tree: the next one to pass is always first,
/// so no connection is scanned until its own deadline comes.
class DeadlineTimers {
public:
    /// Adds a deadline for `fd`.
    void add(Clock::time_point when, int fd) { deadlines_.emplace(when, fd); }

    /// Removes the deadline `when` of `fd`, added before.
    void remove(Clock::time_point when, int fd) { deadlines_.erase({when, fd}); }

    /// The earliest deadline, if any.
    std::optional<Clock::time_point> next() const;

    /// Removes and names the descriptor of the earliest deadline, if it is
    /// at or before `now`.
    std::optional<int> pop_due(Clock::time_point now);

private:
    std::set<std::pair<Clock::time_point, int>> deadlines_;
};

}  // namespace http
