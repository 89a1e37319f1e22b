#include "event_loop.hpp"

#include "access_log.hpp"
#include "process_setup.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <limits>
#include <new>
#include <system_error>

#include <fmt/format.h>

namespace http {

namespace {

// Out of descriptors, the loop stops accepting for this long, as step 3
// pauses, instead of spinning on a listener that stays readable.
constexpr std::chrono::milliseconds kAcceptPause{100};

// How many clients one readiness of the listener accepts at most, so a
// flood of new connections cannot starve those already open.
constexpr int kAcceptsPerTurn = 64;

}  // namespace

EventLoop::EventLoop(Server& server, const Handler& handler, ConnectionOptions options)
    : server_(server), context_{handler, options, {}, {}, {}} {}

// $begin run
void EventLoop::run() {
    epoll_.add(server_.listener().fd(), EPOLLIN);
    epoll_.add(shutdown_signal_fd(), EPOLLIN);
    std::array<epoll_event, 256> ready{};
    while (true) {
        // Sleep until a socket is ready, or the next deadline passes.
        const std::size_t count = epoll_.wait(ready, wait_timeout(Clock::now()));
        const Clock::time_point now = Clock::now();
        for (const epoll_event& event : std::span(ready).first(count)) {
            const int fd = event.data.fd;
            if (fd == shutdown_signal_fd()) {
                return;  // SIGINT or SIGTERM
            }
            if (fd == server_.listener().fd()) {
                accept_clients(now);
            } else {
                on_ready(fd, now);
            }
        }
        on_deadlines(now);
    }
}
// $end run

// Milliseconds until the next deadline, rounded up; -1 when there is none.
int EventLoop::wait_timeout(Clock::time_point now) const {
    const std::optional<Clock::time_point> next = timers_.next();
    if (!next) {
        return -1;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
    return static_cast<int>(std::clamp<decltype(left)>(left, 0, std::numeric_limits<int>::max()));
}

// $begin accept-clients
void EventLoop::accept_clients(Clock::time_point now) {
    for (int accepted = 0; accepted < kAcceptsPerTurn; ++accepted) {
        Server::Attempt attempt = server_.try_accept(AcceptMode::non_blocking);
        if (attempt.out_of_resources) {
            // Stop watching the listener; a deadline turns it back on.
            const int listener = server_.listener().fd();
            epoll_.modify(listener, 0);
            timers_.add(now + kAcceptPause, listener);
            return;
        }
        if (attempt.client) {
            add_client(std::move(*attempt.client), now);
        } else if (!attempt.refused) {
            return;  // no one else is waiting
        }
    }
}
// $end accept-clients

// $begin add-client
// A new client's request has often arrived by the time it is accepted: it
// is read and answered at once, and a client that said Connection: close
// is done before epoll or the timers ever hear of it.
void EventLoop::add_client(ClientConnection client, Clock::time_point now) {
    const int fd = client.socket.fd();
    try {
        if (static_cast<std::size_t>(fd) >= slots_.size()) {
            slots_.resize(static_cast<std::size_t>(fd) + 1);
        }
    } catch (const std::exception& error) {
        // Out of memory: this client is closed, everyone else served on.
        log_error(fmt::format("cannot serve a connection: {}", error.what()));
        return;
    }
    Slot& slot = slots_[static_cast<std::size_t>(fd)];
    slot.connection = std::make_unique<LoopConnection>(std::move(client), now);
    LoopConnection& connection = *slot.connection;
    advance(fd, [&] { connection.on_readable(context_, now); }, now);
}
// $end add-client

void EventLoop::on_ready(int fd, Clock::time_point now) {
    if (!slots_[static_cast<std::size_t>(fd)].connection) {
        return;
    }
    LoopConnection& connection = *slots_[static_cast<std::size_t>(fd)].connection;
    // Each state waits for one kind of readiness; an error or hang-up
    // wakes it too, and its next read or send meets the error.
    if (connection.state() == ConnectionState::writing_response) {
        advance(fd, [&] { connection.on_writable(context_, now); }, now);
    } else {
        advance(fd, [&] { connection.on_readable(context_, now); }, now);
    }
}

// $begin on-deadlines
// The earliest deadlines first, only those that have passed. A deadline in
// the set may be earlier than the connection's own, which moves later each
// time the connection makes progress without touching the set: it is then
// put back at the connection's deadline instead of ending the connection.
void EventLoop::on_deadlines(Clock::time_point now) {
    while (const std::optional<int> due = timers_.pop_due(now)) {
        const int fd = *due;
        if (fd == server_.listener().fd()) {
            epoll_.modify(fd, EPOLLIN);  // accept again after a pause
            continue;
        }
        Slot& slot = slots_[static_cast<std::size_t>(fd)];
        slot.timer = Clock::time_point::max();
        LoopConnection& connection = *slot.connection;
        advance(fd, [&] {
            if (connection.deadline() <= now) {
                connection.on_deadline(context_, now);
            }
        }, now);
    }
}
// $end on-deadlines

// $begin advance
// Runs one step of a connection, then makes epoll and the timers follow its
// new state, or closes it. An error ends this connection only.
template <typename Step>
void EventLoop::advance(int fd, Step step, Clock::time_point now) {
    Slot& slot = slots_[static_cast<std::size_t>(fd)];
    try {
        step();
    } catch (const std::exception& error) {
        slot.connection->abort();
        if (context_.options.log_requests) {
            try {
                log_error(fmt::format("connection from {}: {}", slot.connection->address(), error.what()));
            } catch (const std::bad_alloc&) {
                // Out of memory, the message cannot be made; the connection
                // is closed all the same.
            }
        }
    }
    const LoopConnection& connection = *slot.connection;
    if (connection.state() == ConnectionState::closed) {
        close(fd);
        return;
    }
    try {
        // A connection epoll does not watch yet (watched == 0) is added.
        if (const std::uint32_t wanted = connection.wanted_events(); wanted != slot.watched) {
            if (slot.watched == 0) {
                epoll_.add(fd, wanted);
            } else {
                epoll_.modify(fd, wanted);
            }
            slot.watched = wanted;
        }
    } catch (const std::system_error& error) {
        // Out of kernel memory: this connection ends, the others go on.
        log_error(fmt::format("cannot watch a connection: {}", error.what()));
        close(fd);
        return;
    }
    // Only a deadline earlier than the one in the set needs a new entry.
    if (connection.deadline() < slot.timer) {
        if (slot.timer != Clock::time_point::max()) {
            timers_.remove(slot.timer, fd);
        }
        slot.timer = std::max(connection.deadline(), now);
        timers_.add(slot.timer, fd);
    }
}
// $end advance

void EventLoop::close(int fd) {
    Slot& slot = slots_[static_cast<std::size_t>(fd)];
    if (slot.timer != Clock::time_point::max()) {
        timers_.remove(slot.timer, fd);
    }
    // Closing the socket also takes it out of the epoll set.
    slot = Slot();
}

}  // namespace http
