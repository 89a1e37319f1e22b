#pragma once

#include "file_descriptor.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace test {

using namespace std::chrono_literals;

/// A response as a test sees it. Header names are lower-cased.
struct Response {
    int status = 0;
    std::string status_line;
    std::map<std::string, std::string> headers;
    std::string body;

    /// The value of header `name` (lower case), or "" when absent.
    std::string header(const std::string& name) const;
};

/// A test's client connection to 127.0.0.1:`port`. It keeps bytes read past
/// one response for the next, so pipelined responses can be read in turn.
class Client {
public:
    explicit Client(std::uint16_t port);

    /// Writes all of `bytes`.
    void send(std::string_view bytes) const;

    /// Reads one response: status line, headers, and a body of
    /// Content-Length bytes (none for HEAD, 204 and 304; up to end-of-file
    /// without a length). nullopt if the connection closes first or
    /// `timeout` passes.
    std::optional<Response> read_response(bool head_request = false, std::chrono::milliseconds timeout = 5s);

    /// True when the server closes the connection within `timeout`: reading
    /// gives end-of-file (or a reset) with no bytes before it.
    bool closed_by_peer(std::chrono::milliseconds timeout = 5s);

    /// Everything the server sends until it closes the connection (or timeout).
    std::string read_until_close(std::chrono::milliseconds timeout = 5s);

    /// The socket, for tests that need a system call of their own.
    const http::FileDescriptor& socket() const { return socket_; }

private:
    bool receive_more(std::chrono::steady_clock::time_point deadline);

    http::FileDescriptor socket_;
    std::string buffered_;
};

/// A whole exchange on a new connection: sends `raw`, reads one response.
std::optional<Response> send_request(std::uint16_t port, std::string_view raw, bool head_request = false);

/// GET `target` with Host and Connection: close, on a new connection.
std::optional<Response> get(std::uint16_t port, std::string_view target);

}  // namespace test
