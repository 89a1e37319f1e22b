#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace http {

/// `time` as an HTTP date (RFC 9110 section 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::time_t time);

/// Parses an HTTP date in the preferred format above; the two obsolete
/// formats and anything malformed give nullopt (RFC 9110 says to ignore an
/// If-Modified-Since it cannot parse).
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace http
