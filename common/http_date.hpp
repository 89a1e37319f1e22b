#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace http {

/// The UTC calendar fields of `time` (gmtime_r()), kept within the years 0 to 9999.
std::tm utc_time(std::time_t time);

/// The English abbreviation of `month` (0 for January to 11): "Jan" ... "Dec".
std::string_view month_abbreviation(int month);

/// `time` as an HTTP date (RFC 9110 section 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::time_t time);

}  // namespace http
