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
/// after every read. It remembers how far it has looked.
class RequestParser {
public:
    /// Looks for one whole request head at the front of `received`.
    ParseResult parse(std::string_view received);

    /// Starts over, once the caller has dropped the consumed bytes.
    void reset() noexcept { *this = RequestParser(); }

private:
    std::size_t start_ = 0;    // end of the empty lines before the request line
    std::size_t scanned_ = 0;  // no head ends before this offset
};

/// The Content-Length of a request the parser accepted: 0 when absent.
std::size_t content_length(const HttpRequest& request);

}  // namespace http
