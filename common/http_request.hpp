#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

/// One header field, as received: the name keeps its case, the value has no
/// surrounding whitespace.
struct HttpHeader {
    std::string name;
    std::string value;
};

/// A parsed request head: request line and header fields.
struct HttpRequest {
    std::string method;        ///< "GET", "HEAD", ...
    std::string target;        ///< as sent: "/docs/index.html?x=1"
    int minor_version = 1;     ///< HTTP/1.0 or HTTP/1.1
    std::vector<HttpHeader> headers;

    /// The value of the first header called `name`, compared case-insensitively.
    std::optional<std::string_view> header(std::string_view name) const;

    /// The target's path: without the query, and without scheme and host
    /// when the target is in absolute form ("http://host/a?b" -> "/a").
    std::string_view path() const;

    /// The request line as it is logged: "GET / HTTP/1.1".
    std::string request_line() const;

    /// True when the client wants the connection kept open after this
    /// exchange: the default in HTTP/1.1, opt-in with keep-alive in HTTP/1.0.
    bool wants_keep_alive() const;
};

/// True when `a` and `b` are equal, ignoring ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);

/// True when the comma-separated list `list` (a header value such as
/// "keep-alive, Upgrade") contains `token`, ignoring case.
bool has_token(std::string_view list, std::string_view token);

}  // namespace http
