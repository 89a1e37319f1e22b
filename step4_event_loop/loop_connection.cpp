#include "loop_connection.hpp"

#include "access_log.hpp"

#include <cerrno>
#include <ctime>
#include <system_error>

#include <sys/epoll.h>
#include <sys/socket.h>

namespace http {

namespace {

// How much one connection may send before the loop turns to the others: a
// fast reader of a long download must not hold everyone else up. Twice
// 1 MiB, so that a 1 MiB file and its head leave in one turn.
constexpr std::size_t kSendBudget = 2 * 1024 * 1024;

}  // namespace

LoopConnection::LoopConnection(ClientConnection client, Clock::time_point now)
    : client_(std::move(client)), deadline_(now + kRequestTimeout) {}

std::uint32_t LoopConnection::wanted_events() const noexcept {
    return state_ == ConnectionState::writing_response ? EPOLLOUT : EPOLLIN;
}

// $begin on-readable
void LoopConnection::on_readable(ServingContext& context, Clock::time_point now) {
    if (state_ == ConnectionState::lingering) {
        discard_input(context);
        return;
    }
    const std::string_view received = read_some(context);
    if (received.empty()) {
        return;  // nothing after all, or the client closed
    }
    answer_requests(received, context, now);
    if (!output_.empty()) {
        state_ = ConnectionState::writing_response;
        deadline_ = now + kSendTimeout;
        send_pending(context, now);
    }
}
// $end on-readable

void LoopConnection::on_writable(ServingContext& context, Clock::time_point now) {
    if (state_ == ConnectionState::writing_response) {
        send_pending(context, now);
    }
}

// $begin on-deadline
void LoopConnection::on_deadline(ServingContext& context, Clock::time_point now) {
    switch (state_) {
        case ConnectionState::reading_head:
            if (received_.empty()) {
                state_ = ConnectionState::closed;  // an idle connection: it just ends
                return;
            }
            {
                // Part of a request came, then nothing: say why we hang up,
                // then close as after any request we could not read.
                const HttpResponse response = error_response(408, "The request took too long to arrive.");
                queue(response, false, false, context.dates.at(std::time(nullptr)));
                log(first_line(received_), response, false, context);
                received_.clear();
                received_.shrink_to_fit();
                close_after_output_ = true;
                linger_after_output_ = true;
                state_ = ConnectionState::writing_response;
                deadline_ = now + kSendTimeout;
                send_pending(context, now);
            }
            return;
        case ConnectionState::writing_response:
            // The client stopped reading: the one it blocks is itself.
            state_ = ConnectionState::closed;
            throw std::system_error(ETIMEDOUT, std::generic_category(), "send");
        case ConnectionState::lingering:
        case ConnectionState::closed:
            state_ = ConnectionState::closed;
            return;
    }
}
// $end on-deadline

// $begin read-some
// Reads what has arrived into the loop's shared buffer. Only the start of a
// head that is not yet whole is copied into the connection's own buffer,
// so an idle connection holds no buffer at all. Empty when there was
// nothing to read, or the client closed.
std::string_view LoopConnection::read_some(ServingContext& context) {
    std::span<char> buffer = context.read_buffer;
    ssize_t got = -1;
    do {
        got = ::recv(fd(), buffer.data(), buffer.size(), 0);
    } while (got < 0 && errno == EINTR);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return {};
    }
    if (got < 0) {
        throw std::system_error(errno, std::generic_category(), "recv");
    }
    if (got == 0) {
        state_ = ConnectionState::closed;  // the client closed its side
        return {};
    }
    const auto size = static_cast<std::size_t>(got);
    input_drained_ = size < buffer.size();
    if (received_.empty()) {
        return std::string_view(buffer.data(), size);
    }
    received_.append(buffer.data(), size);
    return received_;
}
// $end read-some

// $begin answer-requests
// Answers every whole request in `received` before anything is sent, so
// that pipelined requests leave in one send; what is left (the start of
// the next head) is kept for the next read.
void LoopConnection::answer_requests(std::string_view received, ServingContext& context, Clock::time_point now) {
    std::size_t used = 0;
    while (true) {
        const std::string_view rest = received.substr(used);
        ParseResult parsed = parser_.parse(rest);
        if (parsed.status == ParseResult::Status::incomplete) {
            break;
        }
        if (parsed.status == ParseResult::Status::error) {
            const HttpResponse response = error_response(parsed.error.status, parsed.error.reason);
            queue(response, false, false, context.dates.at(std::time(nullptr)));
            log(first_line(rest), response, false, context);
            close_after_output_ = true;
            linger_after_output_ = true;
            used = received.size();
            break;
        }
        used += parsed.consumed;
        parser_.reset();
        if (!answer(parsed.request, context, now)) {
            break;
        }
    }
    if (received.data() == received_.data()) {
        received_.erase(0, used);
    } else {
        received_.assign(received.substr(used));
    }
    if (close_after_output_) {
        // Closing with bytes still unread would reset the connection, which
        // can destroy the answer before the client reads it: linger instead.
        linger_after_output_ = linger_after_output_ || !received_.empty() || !input_drained_;
        received_.clear();
    }
    if (received_.empty()) {
        received_.shrink_to_fit();  // the memory goes back while the connection is idle
    }
}
// $end answer-requests

// $begin answer
// Answers one request, from the cache or the step's handler, and queues
// the answer. False when no later request may be answered yet: after a
// file, which must be sent before what follows it, or when closing.
bool LoopConnection::answer(const HttpRequest& request, ServingContext& context, Clock::time_point now) {
    const bool head_only = request.method == "HEAD";
    const std::string_view date = context.dates.at(std::time(nullptr));
    HttpResponse fresh;
    const CachedResponse* cached = context.responses.find(request, now, date);
    if (cached == nullptr) {
        fresh = respond(request, context.handler);
        context.responses.store(request, fresh, now);
    }
    const HttpResponse& response = cached != nullptr ? cached->response : fresh;
    const bool keep_alive = keeps_alive_after(request, context.options);
    if (keep_alive && !no_delay_) {
        // As in steps 1 to 3, so that a file's last piece is not held back
        // (common/connection.cpp). A connection that closes skips the call:
        // closing sends whatever is held back at once.
        client_.socket.set_no_delay();
        no_delay_ = true;
    }
    if (cached != nullptr) {
        // Only GETs are cached: the head made this second, then the body.
        output_.append(keep_alive ? cached->keep_alive_head : cached->closing_head);
        output_.append(response.body);
    } else {
        queue(response, head_only, keep_alive, date);
    }
    if (context.options.log_requests) {
        log(request.request_line(), response, head_only, context);
    }
    if (fresh.file.file && !head_only && status_has_body(fresh.status)) {
        output_.append_file(std::move(fresh.file));
    }
    if (!keep_alive) {
        close_after_output_ = true;
        // A client that asked to close sends nothing more (RFC 9112 section
        // 9.6): unless bytes are left unread, the connection may close at once.
        linger_after_output_ = request.wants_keep_alive() || content_length(request) != 0;
        return false;
    }
    return !output_.has_file();
}
// $end answer

// The head, and the body when it is in memory: queued together, they leave
// in one send.
void LoopConnection::queue(const HttpResponse& response, bool head_only, bool keep_alive, std::string_view date) {
    output_.append(serialize_response(response, ResponseFraming{date, true, keep_alive, kRequestTimeout}));
    if (!head_only && status_has_body(response.status) && !response.file.file) {
        output_.append(response.body);
    }
}

void LoopConnection::log(std::string_view request_line, const HttpResponse& response, bool head_only,
                         const ServingContext& context) const {
    if (context.options.log_requests) {
        log_request(client_.address, request_line, response.status,
                    head_only || !status_has_body(response.status) ? 0 : body_size(response));
    }
}

// $begin send-pending
// Sends what the socket takes. Once all is sent, the connection closes,
// lingers, or waits for the next request, answering at once any that
// arrived behind a file.
void LoopConnection::send_pending(ServingContext& context, Clock::time_point now) {
    while (true) {
        const SendProgress progress = output_.send_to(fd(), kSendBudget, close_after_output_);
        if (progress.sent > 0) {
            deadline_ = now + kSendTimeout;
        }
        if (!progress.done) {
            return;  // the socket is full: the loop calls again when it drains
        }
        if (close_after_output_) {
            if (linger_after_output_) {
                client_.socket.shutdown_send();
                state_ = ConnectionState::lingering;
                deadline_ = now + kLingerTimeout;
            } else {
                state_ = ConnectionState::closed;
            }
            return;
        }
        state_ = ConnectionState::reading_head;
        deadline_ = now + kRequestTimeout;
        if (received_.empty()) {
            return;
        }
        answer_requests(received_, context, now);
        if (output_.empty()) {
            return;  // only the start of a head was waiting
        }
        state_ = ConnectionState::writing_response;
        deadline_ = now + kSendTimeout;
    }
}
// $end send-pending

// Reads and drops what a lingering client still sends, until it closes.
void LoopConnection::discard_input(ServingContext& context) {
    const ssize_t got = ::recv(fd(), context.read_buffer.data(), context.read_buffer.size(), 0);
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        state_ = ConnectionState::closed;
    }
}

}  // namespace http
