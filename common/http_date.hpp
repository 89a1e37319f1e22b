#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace http {

/// A moment as UTC calendar fields: what gmtime_r() gives, computed with
/// C++20's <chrono> calendar, which takes no lock.
struct UtcTime {
    int year = 1970;
    unsigned month = 1;    ///< 1 (January) to 12
    unsigned day = 1;      ///< 1 to 31
    unsigned weekday = 4;  ///< 0 (Sunday) to 6
    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
};

/// The UTC calendar fields of `time`, seconds since 1970; a time outside the
/// years 0 to 9999, which dates in HTTP and in the log cannot show, is
/// taken as the nearest one inside them.
UtcTime utc_time(std::time_t time);

/// The English abbreviation of `month` (1 to 12): "Jan" ... "Dec".
std::string_view month_abbreviation(unsigned month);

/// `time` as an HTTP date (RFC 9110 section 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::time_t time);

/// Parses an HTTP date in any of its three formats (RFC 9110 section 5.6.7):
/// IMF-fixdate, RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT", whose two-digit
/// year is read relative to `now`) and asctime() ("Sun Nov  6 08:49:37 1994").
/// Anything else gives nullopt (RFC 9110 says to ignore a date it cannot parse).
std::optional<std::time_t> parse_http_date(std::string_view text, std::time_t now = std::time(nullptr));

}  // namespace http
