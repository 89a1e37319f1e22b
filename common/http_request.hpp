#pragma once

#include "text.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

/// One header field: the name as received, the value trimmed.
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

    /// The target's path, without query, scheme or host: "http://h/a?b" -> "/a".
    std::string_view path() const;

    /// The request line as it is logged: "GET / HTTP/1.1".
    std::string request_line() const;

    /// True when the client wants the connection kept open: HTTP/1.1's default.
    bool wants_keep_alive() const;
};

/// True when a comma-separated list ("keep-alive, Upgrade") holds `token`, ignoring case.
bool has_token(std::string_view list, std::string_view token);

}  // namespace http
