#include "http_date.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace http {

namespace {

constexpr std::array<std::string_view, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// February has 29 days in leap years: every fourth year, but not
// centuries unless divisible by 400.
int days_in_month(int month, int year) {
    constexpr std::array<int, 12> kDaysIn{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return kDaysIn.at(static_cast<std::size_t>(month)) + (month == 1 && leap ? 1 : 0);
}

}  // namespace

std::string format_http_date(std::time_t time) {
    // Written by hand rather than with strftime(), whose names follow the
    // locale; HTTP dates are always in English and in GMT.
    std::tm utc{};
    gmtime_r(&time, &utc);
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays.at(static_cast<std::size_t>(utc.tm_wday)),
                       utc.tm_mday, kMonths.at(static_cast<std::size_t>(utc.tm_mon)), utc.tm_year + 1900,
                       utc.tm_hour, utc.tm_min, utc.tm_sec);
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
    const auto index_of = [](const auto& names, std::string_view name) {
        const auto found = std::find(names.begin(), names.end(), name);
        return found == names.end() ? -1 : static_cast<int>(found - names.begin());
    };
    std::tm utc{};
    utc.tm_mday = number(5, 2);
    utc.tm_mon = index_of(kMonths, text.substr(8, 3));
    utc.tm_year = number(12, 4) - 1900;
    utc.tm_hour = number(17, 2);
    utc.tm_min = number(20, 2);
    utc.tm_sec = number(23, 2);
    if (index_of(kDays, text.substr(0, 3)) < 0 || utc.tm_mon < 0 || utc.tm_mday < 1 ||
        utc.tm_mday > days_in_month(utc.tm_mon, utc.tm_year + 1900) || utc.tm_hour > 23 || utc.tm_min > 59 ||
        utc.tm_sec > 60) {
        return std::nullopt;
    }
    return timegm(&utc);
}

}  // namespace http
