#pragma once

#include "pending_output.hpp"
#include "request_parser.hpp"
#include "server.hpp"
#include "serving_context.hpp"
#include "socket.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace http {

// $begin states
/// Where a connection is in its life. It moves only forward, except that a
/// kept-alive connection goes back to reading the next head.
enum class ConnectionState {
    reading_head,      ///< waiting for a whole request head
    writing_response,  ///< sending answers; reads nothing until they are out
    lingering,         ///< sent all; reads and discards until the client closes
    closed,            ///< done: the loop closes the socket
};
// $end states

/// One client of the event loop, as a state machine: each call does what
/// the socket is ready for, without ever waiting, and leaves the connection
/// in its next state. The loop asks it what to wait for next, and when.
class LoopConnection {
public:
    /// A client just accepted, whose socket is non-blocking.
    LoopConnection(ClientConnection client, Clock::time_point now);

    /// The socket has bytes (or the client's end-of-file) to read.
    void on_readable(ServingContext& context, Clock::time_point now);

    /// The socket has room to send more.
    void on_writable(ServingContext& context, Clock::time_point now);

    /// The deadline has passed.
    void on_deadline(ServingContext& context, Clock::time_point now);

    /// Ends the connection at once (the client has gone, or an error).
    void abort() noexcept { state_ = ConnectionState::closed; }

    ConnectionState state() const noexcept { return state_; }

    /// What to wait for in this state: EPOLLIN, or EPOLLOUT while writing.
    std::uint32_t wanted_events() const noexcept;

    /// When the current state has lasted too long: no whole head, no
    /// progress in sending, or no end from a lingering client.
    Clock::time_point deadline() const noexcept { return deadline_; }

    int fd() const noexcept { return client_.socket.fd(); }
    const std::string& address() const noexcept { return client_.address; }

private:
    std::string_view read_some(ServingContext& context);
    void answer_requests(std::string_view received, ServingContext& context, Clock::time_point now);
    bool answer(const HttpRequest& request, ServingContext& context, Clock::time_point now);
    void queue(const HttpResponse& response, bool head_only, bool keep_alive, std::string_view date);
    void log(std::string_view request_line, const HttpResponse& response, bool head_only,
             const ServingContext& context) const;
    void send_pending(ServingContext& context, Clock::time_point now);
    void finish_response(ServingContext& context, Clock::time_point now);
    void wait_for_next_request(Clock::time_point now);
    void discard_input(ServingContext& context);

    ClientConnection client_;
    ConnectionState state_ = ConnectionState::reading_head;
    Clock::time_point deadline_;
    RequestParser parser_;
    std::string received_;       // the start of a head not yet whole; empty when idle
    bool input_drained_ = true;  // the last read emptied the socket
    PendingOutput output_;
    bool close_after_output_ = false;
    bool linger_after_output_ = false;
    bool no_delay_ = false;  // Nagle's algorithm is off (TCP_NODELAY)
};

}  // namespace http
