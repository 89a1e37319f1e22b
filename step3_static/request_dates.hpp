#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace http {

/// Parses an HTTP date in any of its three formats (RFC 9110 section 5.6.7):
/// IMF-fixdate, RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT", whose two-digit
/// year is read relative to `now`) and asctime() ("Sun Nov  6 08:49:37 1994").
/// Anything else gives nullopt (RFC 9110 says to ignore a date it cannot parse).
std::optional<std::time_t> parse_http_date(std::string_view text, std::time_t now = std::time(nullptr));

}  // namespace http
