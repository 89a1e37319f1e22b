#pragma once

#include "connection.hpp"
#include "deadline_timers.hpp"
#include "epoll.hpp"
#include "loop_connection.hpp"
#include "server.hpp"
#include "serving_context.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace http {

/// Serves every client of `server` on one thread: one epoll set watches the
/// listener, the shutdown signal and every connection, and each ready
/// socket gets what it is ready for, without waiting on any of them.
class EventLoop {
public:
    EventLoop(Server& server, const Handler& handler, ConnectionOptions options);

    /// Serves until SIGINT or SIGTERM; open connections are then closed.
    void run();

private:
    // What the loop keeps for one descriptor, at the index of its number.
    struct Slot {
        std::unique_ptr<LoopConnection> connection;
        std::uint32_t watched = 0;                     // the events epoll watches for it; 0: not in the set
        Clock::time_point timer = Clock::time_point::max();  // its entry in timers_, if any
    };

    int wait_timeout(Clock::time_point now) const;
    void accept_clients(Clock::time_point now);
    void add_client(ClientConnection client, Clock::time_point now);
    void on_ready(int fd, Clock::time_point now);
    void on_deadlines(Clock::time_point now);
    template <typename Step>
    void advance(int fd, Step step, Clock::time_point now);
    void close(int fd);

    Server& server_;
    ServingContext context_;
    Epoll epoll_;
    DeadlineTimers timers_;
    std::vector<Slot> slots_;
};

}  // namespace http
