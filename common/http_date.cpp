#include "http_date.hpp"

#include <array>
#include <cstdio>

namespace http {

namespace {

constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string format_http_date(std::time_t time) {
    // Written by hand rather than with strftime(), whose names follow the
    // locale; HTTP dates are always in English and in GMT.
    std::tm utc{};
    gmtime_r(&time, &utc);
    std::array<char, 32> text{};
    const int size = std::snprintf(text.data(), text.size(), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                   kDays.at(static_cast<std::size_t>(utc.tm_wday)), utc.tm_mday,
                                   kMonths.at(static_cast<std::size_t>(utc.tm_mon)), utc.tm_year + 1900,
                                   utc.tm_hour, utc.tm_min, utc.tm_sec);
    return std::string(text.data(), static_cast<std::size_t>(size));
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
    // IMF-fixdate is exactly 29 characters: "Sun, 06 Nov 1994 08:49:37 GMT".
    if (text.size() != 29) {
        return std::nullopt;
    }
    const std::string copy(text);
    std::array<char, 4> day{};
    std::array<char, 4> month{};
    std::tm utc{};
    int consumed = 0;
    if (std::sscanf(copy.c_str(), "%3c, %2d %3c %4d %2d:%2d:%2d GMT%n", day.data(), &utc.tm_mday, month.data(),
                    &utc.tm_year, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &consumed) != 7 ||
        consumed != 29) {
        return std::nullopt;
    }
    utc.tm_mon = -1;
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (std::string_view(month.data(), 3) == kMonths[i]) {
            utc.tm_mon = static_cast<int>(i);
        }
    }
    if (utc.tm_mon < 0 || utc.tm_mday < 1 || utc.tm_mday > 31 || utc.tm_hour > 23 || utc.tm_min > 59 ||
        utc.tm_sec > 60) {
        return std::nullopt;
    }
    utc.tm_year -= 1900;
    return timegm(&utc);
}

}  // namespace http
