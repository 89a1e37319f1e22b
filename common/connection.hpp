#pragma once

#include "http_request.hpp"
#include "http_response.hpp"
#include "server.hpp"

#include <chrono>
#include <functional>

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

/// Serves one client, request after request, until it closes, goes quiet,
/// asks to close, sends a bad request, or the server shuts down. Answers GET
/// and HEAD through `handler`; other methods get 501.
void serve_connection(ClientConnection client, const Handler& handler, ConnectionOptions options);

}  // namespace http
