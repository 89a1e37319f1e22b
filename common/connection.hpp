#pragma once

#include "http_request.hpp"
#include "http_response.hpp"
#include "server.hpp"

#include <chrono>
#include <functional>
#include <string_view>

namespace http {

/// Turns a request into a response; it never sees a socket.
using Handler = std::function<HttpResponse(const HttpRequest&)>;

// $begin timeouts
/// How long a client may take to send a whole request head, counted from
/// when the server starts waiting for it: this closes idle keep-alive
/// connections, silent clients and clients that trickle bytes (slowloris).
inline constexpr std::chrono::seconds kRequestTimeout{5};

/// How long one send may make no progress before a client that stopped
/// reading is dropped.
inline constexpr std::chrono::seconds kSendTimeout{10};

/// After the server decides to close, how long it keeps reading (and
/// discarding) what the client still sends, so the client gets the whole
/// response before the connection ends.
inline constexpr std::chrono::seconds kLingerTimeout{2};
// $end timeouts

/// How a step serves its connections.
struct ConnectionOptions {
    bool keep_alive = true;    ///< serve several requests per connection
    bool log_requests = true;  ///< write the access log on stderr
};

/// Asks `handler` for the answer to `request`, keeping what HTTP itself
/// requires out of it: GET and HEAD go to the handler, other methods get
/// 501, and a handler that throws gives 500.
HttpResponse respond(const HttpRequest& request, const Handler& handler);

/// True when the connection may carry another request after answering
/// `request`.
bool keeps_alive_after(const HttpRequest& request, ConnectionOptions options);

/// The request line as received, for the log of a request that could not
/// be parsed: the bytes before the first line end, at most 1 KiB.
std::string_view first_line(std::string_view received);

/// Serves one client, request after request, until it closes, goes quiet,
/// asks to close, sends a bad request, or the server shuts down. Answers GET
/// and HEAD through `handler`; other methods get 405 or 501.
void serve_connection(ClientConnection client, const Handler& handler, ConnectionOptions options);

}  // namespace http
