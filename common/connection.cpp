#include "connection.hpp"

#include "access_log.hpp"
#include "allowed_methods.hpp"
#include "http_date.hpp"
#include "request_parser.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <exception>
#include <new>
#include <optional>
#include <string>

#include <fmt/format.h>

namespace http {

std::string_view first_line(std::string_view received) {
    return received.substr(0, std::min(received.find_first_of("\r\n"), std::size_t{1024}));
}

// $begin respond
HttpResponse respond(const HttpRequest& request, const Handler& handler) {
    if (std::optional<HttpResponse> refusal = refuse_unserved_method(request.method)) {
        return std::move(*refusal);
    }
    try {
        return handler(request);
    } catch (const std::exception& error) {
        log_error(fmt::format("handler failed on {}: {}", request.target, error.what()));
        return error_response(500, "The server failed to answer this request.");
    }
}
// $end respond

// $begin keeps-alive
bool keeps_alive_after(const HttpRequest& request, ConnectionOptions options) {
    // We never read request bodies: the bytes of one would be taken for the
    // next request. So after a request with a body, or with a method we do
    // not answer, the connection ends.
    const bool answered = request.method == "GET" || request.method == "HEAD";
    return options.keep_alive && request.wants_keep_alive() && answered && content_length(request) == 0;
}
// $end keeps-alive

namespace {

class Connection {
public:
    Connection(ClientConnection& client, const Handler& handler, ConnectionOptions options)
        : client_(client), handler_(handler), options_(options) {}

    // $begin serve
    void serve() {
        // A file's response leaves in two writes, head then body. Nagle's
        // algorithm would hold the body back until the client acknowledges
        // the head, which a client may delay by 40 ms.
        client_.socket.set_no_delay();
        client_.socket.set_send_timeout(kSendTimeout);
        while (true) {
            const std::optional<ParseResult> parsed = read_request_head();
            if (!parsed) {
                return;  // the client is gone: it closed, went quiet, or the server is stopping
            }
            if (parsed->status == ParseResult::Status::error) {
                // After a request we could not read, we cannot tell where
                // the next one would start: answer, then close.
                const HttpResponse response = error_response(parsed->error.status, parsed->error.reason);
                send(response, false, false);
                log(first_line(received_), response, false);
                close_gracefully();
                return;
            }
            const HttpRequest& request = parsed->request;
            received_.erase(0, parsed->consumed);
            parser_.reset();

            const HttpResponse response = respond(request, handler_);
            const bool keep_alive = keeps_alive_after(request, options_);
            const bool head_only = request.method == "HEAD";
            send(response, head_only, keep_alive);
            log(request.request_line(), response, head_only);
            if (!keep_alive) {
                close_gracefully();
                return;
            }
        }
    }
    // $end serve

private:
    // $begin read-head
    // Reads until `received_` starts with a whole request head, or with
    // bytes the parser refuses. nullopt: the client is gone (it closed, or
    // sent nothing before the timeout) or the server is shutting down.
    std::optional<ParseResult> read_request_head() {
        const auto deadline = Clock::now() + kRequestTimeout;
        ParseResult parsed = parser_.parse(received_);
        while (parsed.status == ParseResult::Status::incomplete) {
            const WaitResult waited = client_.socket.wait_readable(deadline);
            if (waited == WaitResult::timed_out && !received_.empty()) {
                // Part of a request came, then nothing: say why we hang up.
                ParseResult timed_out;
                timed_out.status = ParseResult::Status::error;
                timed_out.error = RequestError{408, "The request took too long to arrive."};
                return timed_out;
            }
            if (waited != WaitResult::ready) {
                return std::nullopt;
            }
            const std::size_t size = client_.socket.receive_some(chunk_);
            if (size == 0) {
                return std::nullopt;
            }
            received_.append(chunk_.data(), size);
            parsed = parser_.parse(received_);
        }
        return parsed;
    }
    // $end read-head

    // $begin send
    // The head and a body held in memory go out together; a file's bytes
    // follow the head, a piece at a time.
    void send(const HttpResponse& response, bool head_only, bool keep_alive) const {
        const std::string date = format_http_date(std::time(nullptr));
        const ResponseFraming framing{date, head_only, keep_alive, kRequestTimeout};
        client_.socket.send_all(serialize_response(response, framing));
        if (response.file.file && !head_only && status_has_body(response.status)) {
            client_.socket.send_file(response.file.file, response.file.offset, response.file.size);
        }
    }

    void log(std::string_view request_line, const HttpResponse& response, bool head_only) const {
        if (options_.log_requests) {
            const bool body_sent = !head_only && status_has_body(response.status);
            log_request(client_.address, request_line, response.status, body_sent ? body_size(response) : 0);
        }
    }
    // $end send

    // $begin close-gracefully
    // Closing a socket that still has unread bytes makes the kernel reset
    // the connection, which can destroy the response before the client has
    // read it (RFC 9112 section 9.6). So: stop sending, then read and
    // discard until the client closes too, or the linger timeout passes.
    void close_gracefully() {
        client_.socket.shutdown_send();
        const auto deadline = Clock::now() + kLingerTimeout;
        while (client_.socket.wait_readable(deadline) == WaitResult::ready &&
               client_.socket.receive_some(chunk_) > 0) {
        }
    }
    // $end close-gracefully

    ClientConnection& client_;
    const Handler& handler_;
    const ConnectionOptions options_;
    std::string received_;
    RequestParser parser_;
    std::array<char, 16 * 1024> chunk_{};
};

}  // namespace

void serve_connection(ClientConnection client, const Handler& handler, ConnectionOptions options) {
    try {
        Connection(client, handler, options).serve();
    } catch (const std::exception& error) {
        // The client reset the connection, stopped reading, or vanished
        // mid-response, or memory ran out: that ends this connection only.
        if (options.log_requests) {
            try {
                log_error(fmt::format("connection from {}: {}", client.address, error.what()));
            } catch (const std::bad_alloc&) {
                // Out of memory, the message cannot be made; an exception
                // leaving this thread would end the whole server.
            }
        }
    }
}

}  // namespace http
