#pragma once

#include "http_request.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace http {

// $begin limits
/// Size limits on a request head. Past them the request is refused, so a
/// client cannot make the server buffer without end.
inline constexpr std::size_t kMaxRequestLine = 8 * 1024;   ///< else 414 URI Too Long
inline constexpr std::size_t kMaxHeaderBytes = 64 * 1024;  ///< else 431
inline constexpr std::size_t kMaxHeaderFields = 100;       ///< else 431
// $end limits

/// Why a request is refused: the status to answer with (400, 414, 431, 501
/// or 505) and a short reason for the error page.
struct RequestError {
    int status = 400;
    std::string reason;
};

/// What parsing the bytes received so far found.
struct ParseResult {
    enum class Status { incomplete, complete, error };
    Status status = Status::incomplete;
    HttpRequest request;       ///< when complete
    std::size_t consumed = 0;  ///< when complete: size of the head, to drop from the buffer
    RequestError error;        ///< when error
};

/// Finds request heads in a buffer that grows as bytes arrive: call parse()
/// after every read. It remembers how far it has looked, so a head that
/// arrives one byte at a time is still parsed in linear time.
class RequestParser {
public:
    /// Looks for one whole request head at the front of `received`.
    ParseResult parse(std::string_view received);

    /// Starts over for the next request, once the caller has dropped the
    /// consumed bytes from its buffer.
    void reset() noexcept { *this = RequestParser(); }

private:
    std::size_t start_ = 0;    // end of the empty lines before the request line
    std::size_t scanned_ = 0;  // no head ends before this offset
    std::size_t line_end_ = 0;  // end of the request line, once seen (0: not yet)
};

/// Parses a complete head: request line, header lines, empty line. Lines end
/// in CRLF; a lone LF is accepted too (RFC 9112 section 2.2).
ParseResult parse_request_head(std::string_view head);

/// Fills method, target and version of `request` from "GET /path HTTP/1.1".
std::optional<RequestError> parse_request_line(std::string_view line, HttpRequest& request);

/// Appends the header field of a "Name: value" line to `request`.
std::optional<RequestError> parse_header_line(std::string_view line, HttpRequest& request);

/// Checks what frames the message (RFC 9112 sections 3.2, 6 and 11): one
/// well-formed Host (required in HTTP/1.1), one valid Content-Length, no
/// Transfer-Encoding beside it.
std::optional<RequestError> check_message_framing(const HttpRequest& request);

/// The request's Content-Length: 0 when absent. Valid after check_message_framing().
std::size_t content_length(const HttpRequest& request);

}  // namespace http
