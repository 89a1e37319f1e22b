#include "http_date.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

#include <fmt/format.h>

namespace http {

namespace {

constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The first and last second that a four-digit year can show:
// 0000-01-01 00:00:00 and 9999-12-31 23:59:59 UTC.
constexpr std::time_t kFirstShownSecond = -62'167'219'200;
constexpr std::time_t kLastShownSecond = 253'402'300'799;

}  // namespace

std::tm utc_time(std::time_t time) {
    std::tm utc{};
    const std::time_t shown = std::clamp(time, kFirstShownSecond, kLastShownSecond);
    if (::gmtime_r(&shown, &utc) == nullptr) {
        throw std::system_error(errno, std::generic_category(), "gmtime_r");
    }
    return utc;
}

std::string_view month_abbreviation(int month) {
    return kMonths.at(static_cast<std::size_t>(month));
}

std::string format_http_date(std::time_t time) {
    // Written by hand rather than with strftime(), whose names follow the
    // locale; HTTP dates are always in English and in GMT.
    const std::tm utc = utc_time(time);
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays.at(static_cast<std::size_t>(utc.tm_wday)),
                       utc.tm_mday, month_abbreviation(utc.tm_mon), utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                       utc.tm_sec);
}

}  // namespace http
