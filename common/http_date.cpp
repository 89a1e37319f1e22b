#include "http_date.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
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

std::optional<std::time_t> parse_http_date(std::string_view text) {
    // IMF-fixdate is exactly 29 characters: "Sun, 06 Nov 1994 08:49:37 GMT".
    // Each character is checked in place ('#' a digit, '?' a letter of a
    // name), because sscanf() would also take signs and extra spaces.
    constexpr std::string_view kShape = "???, ## ??? #### ##:##:## GMT";
    if (text.size() != kShape.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        const bool fits = kShape[i] == '?' || (kShape[i] == '#' ? digit : text[i] == kShape[i]);
        if (!fits) {
            return std::nullopt;
        }
    }
    const auto number = [text](std::size_t position, std::size_t digits) {
        int value = 0;
        for (const char c : text.substr(position, digits)) {
            value = value * 10 + (c - '0');
        }
        return value;
    };
    // Where `name` is in `names`, counting from 1: "Jan" is 1. 0 for none.
    const auto number_of = [](const auto& names, std::string_view name) {
        const auto found = std::find(names.begin(), names.end(), name);
        return found == names.end() ? 0U : static_cast<unsigned>(found - names.begin()) + 1;
    };
    using namespace std::chrono;
    // year_month_day::ok() knows how many days each month has, leap years too.
    const year_month_day date{year{number(12, 4)}, month{number_of(kMonths, text.substr(8, 3))},
                              day{static_cast<unsigned>(number(5, 2))}};
    const int hour = number(17, 2);
    const int minute = number(20, 2);
    const int second = number(23, 2);
    if (number_of(kDays, text.substr(0, 3)) == 0 || !date.ok() || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    const sys_seconds moment = sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
    return static_cast<std::time_t>(moment.time_since_epoch().count());
}

}  // namespace http
