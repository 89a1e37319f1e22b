#pragma once

#include "file_descriptor.hpp"
#include "http_request.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace http {

/// A file to send as the body: the handler opens it, the connection streams it.
struct FileBody {
    FileDescriptor file;
    std::uint64_t size = 0;    ///< how many bytes to send
    std::uint64_t offset = 0;  ///< where in the file they start: not 0 for a range
};

/// What a handler answers, as plain data: the connection adds Date, Server,
/// Content-Length and Connection, writes it out, and decides whether to
/// keep the connection open.
struct HttpResponse {
    int status = 200;
    std::string content_type;          ///< empty: no Content-Type header
    std::string body;                  ///< the body, unless `file` is set
    std::vector<HttpHeader> headers;   ///< any others: Location, Last-Modified, ...
    FileBody file;                     ///< when file.file is open, the body is the file

    /// A response with a body held in memory.
    static HttpResponse with_body(int status, std::string content_type, std::string body);
};

/// The standard reason phrase of a status code: 404 -> "Not Found".
std::string_view reason_phrase(int status);

/// An error response with a small HTML page naming the status and `reason` (escaped).
HttpResponse error_response(int status, std::string_view reason = {});

/// True for statuses that never carry a body: 1xx, 204 and 304.
bool status_has_body(int status);

/// `text` with &, <, >, " and ' replaced by HTML entities, safe inside an HTML page.
std::string escape_html(std::string_view text);

/// The fields the connection sets on every response.
struct ResponseFraming {
    std::string_view date;  ///< an HTTP date, see format_http_date()
    bool head_only = false; ///< a HEAD request: headers as for GET, no body
    bool keep_alive = true; ///< false: "Connection: close"
    /// With keep_alive, announced as "Keep-Alive: timeout=N" when above zero:
    /// how long the server waits for the next request before it closes.
    std::chrono::seconds idle_timeout{0};
};

/// The head of `response`, then its body in memory unless `framing.head_only`.
std::string serialize_response(const HttpResponse& response, const ResponseFraming& framing);

/// The body size that Content-Length announces.
std::uint64_t body_size(const HttpResponse& response);

}  // namespace http
