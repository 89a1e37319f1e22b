#include "connection.hpp"

#include "access_log.hpp"
#include "allowed_methods.hpp"
#include "http_date.hpp"
#include "request_parser.hpp"

#include <ctime>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace http {

namespace {

// The request line as received, for the log of a request we could not parse.
std::string_view first_line(std::string_view received) {
    return received.substr(0, std::min(received.find_first_of("\r\n"), std::size_t{1024}));
}

// $begin respond
// Asks the step's handler, keeping what HTTP itself requires out of it.
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

class Connection {
public:
    Connection(ClientConnection& client, const Handler& handler, const ServerOptions& options)
        : client_(client), handler_(handler), options_(options) {}

    // $begin serve
    void serve() {
        client_.socket.set_send_timeout(kSendTimeout);
        while (true) {
            ParseResult parsed = read_request_head();
            if (parsed.status == ParseResult::Status::incomplete) {
                return;  // the client closed, went quiet, or we are shutting down
            }
            if (parsed.status == ParseResult::Status::error) {
                send(error_response(parsed.error.status, parsed.error.reason), first_line(received_), false, false);
                close_gracefully();
                return;
            }
            received_.erase(0, parsed.consumed);
            parser_.reset();

            const HttpRequest& request = parsed.request;
            HttpResponse response = respond(request, handler_);
            const bool client_keeps_open = request.wants_keep_alive();
            // We never read request bodies: after a request that has one, its
            // bytes would be taken for the next request, so we close instead.
            const bool has_body = content_length(request) != 0;
            const bool keep_alive =
                options_.keep_alive && client_keeps_open && !response.close_connection && !has_body;
            // The log line is only formatted when there is a log to write it to.
            send(response, options_.quiet ? std::string() : request.request_line(), request.method == "HEAD",
                 keep_alive);
            if (!keep_alive) {
                // A client that asked to close sends nothing more (RFC 9112
                // section 9.6): with nothing left unread, we may close at once.
                const bool nothing_to_read = !client_keeps_open && !has_body && received_.empty() &&
                                             !client_.socket.has_pending_input();
                if (!nothing_to_read) {
                    close_gracefully();
                }
                return;
            }
        }
    }
    // $end serve

private:
    // $begin read-head
    // Reads until `received_` starts with a whole request head. Incomplete
    // means the connection is over: closed, timed out, or shutting down.
    ParseResult read_request_head() {
        const auto deadline = Clock::now() + kRequestTimeout;
        ParseResult parsed = parser_.parse(received_);
        while (parsed.status == ParseResult::Status::incomplete) {
            const WaitResult waited = client_.socket.wait_readable(deadline);
            if (waited == WaitResult::timed_out && !received_.empty()) {
                // Part of a request came, then nothing: say why we hang up.
                send(error_response(408, "The request took too long to arrive."), first_line(received_), false,
                     false);
            }
            if (waited != WaitResult::ready) {
                return ParseResult{};
            }
            const std::size_t size = client_.socket.receive_some(chunk_);
            if (size == 0) {
                return ParseResult{};
            }
            received_.append(chunk_.data(), size);
            parsed = parser_.parse(received_);
        }
        return parsed;
    }
    // $end read-head

    void send(const HttpResponse& response, std::string_view request_line, bool head_only, bool keep_alive) {
        const std::string date = format_http_date(std::time(nullptr));
        const std::string head =
            serialize_response(response, ResponseFraming{date, head_only, keep_alive, kRequestTimeout});
        const bool send_file = response.file.file && !head_only && status_has_body(response.status);
        // The head and a body held in memory go out in one send; a file's
        // bytes follow the head, read and sent a piece at a time.
        client_.socket.send_all(head, send_file);
        if (send_file) {
            client_.socket.send_file(response.file.file, response.file.offset, response.file.size);
        }
        if (!options_.quiet) {
            log_request(client_.address, request_line, response.status,
                        head_only || !status_has_body(response.status) ? 0 : body_size(response));
        }
    }

    // $begin close-gracefully
    // Closing a socket that still has unread bytes makes the kernel reset
    // the connection, which can destroy the response before the client has
    // read it. So: stop sending, then read and discard until the client
    // closes too, or the linger timeout passes.
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
    const ServerOptions& options_;
    std::string received_;
    RequestParser parser_;
    // On the heap, not the stack: a thread whose stack stays small is
    // cheaper to end (see docs/performance.md).
    std::vector<char> chunk_ = std::vector<char>(16 * 1024);
};

}  // namespace

void serve_connection(ClientConnection client, const Handler& handler, const ServerOptions& options) {
    try {
        Connection(client, handler, options).serve();
    } catch (const std::exception& error) {
        // The client reset the connection, stopped reading, or vanished
        // mid-response, or memory ran out: that ends this connection only.
        if (!options.quiet) {
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
