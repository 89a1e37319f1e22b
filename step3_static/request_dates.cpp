#include "request_dates.hpp"

#include "http_date.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace http {

namespace {

// The short names ("Sun") are the first three letters of these.
constexpr std::array<std::string_view, 7> kLongDays{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                    "Thursday", "Friday", "Saturday"};

// True when `text` has the shape of `shape`: '#' stands for a digit, '_' for
// a digit or a space, 'a' for any byte; every other character for itself.
bool fits_shape(std::string_view text, std::string_view shape) {
    if (text.size() != shape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        const bool fits = shape[i] == 'a' || (shape[i] == '#' ? digit
                                              : shape[i] == '_' ? digit || text[i] == ' '
                                                                : text[i] == shape[i]);
        if (!fits) {
            return false;
        }
    }
    return true;
}

// The number written by `digits` characters at `position`; a space counts as 0.
int number(std::string_view text, std::size_t position, std::size_t digits) {
    int value = 0;
    for (const char c : text.substr(position, digits)) {
        value = value * 10 + (c == ' ' ? 0 : c - '0');
    }
    return value;
}

// The month `name` abbreviates, counting from 1: "Jan" is 1. 0 for none.
unsigned month_number(std::string_view name) {
    for (int month = 0; month < 12; ++month) {
        if (month_abbreviation(month) == name) {
            return static_cast<unsigned>(month) + 1;
        }
    }
    return 0;
}

bool short_day(std::string_view name) {
    return name.size() == 3 &&
           std::ranges::any_of(kLongDays, [name](std::string_view day) { return day.starts_with(name); });
}

bool long_day(std::string_view name) { return std::ranges::find(kLongDays, name) != kLongDays.end(); }

// A two-digit year is the one with those digits that is not more than 50
// years in the future (RFC 9110 section 5.6.7): in 2026, "94" is 1994 and
// "30" is 2030.
int full_year(int two_digits, std::time_t now) {
    const int this_year = utc_time(now).tm_year + 1900;
    int year = this_year - this_year % 100 + two_digits;
    if (year > this_year + 50) {
        year -= 100;
    } else if (year <= this_year - 50) {
        year += 100;
    }
    return year;
}

struct ClockTime {
    int hour = 0;
    int minute = 0;
    int second = 0;
};

// "08:49:37" at `position`.
ClockTime clock_at(std::string_view text, std::size_t position) {
    return ClockTime{number(text, position, 2), number(text, position + 3, 2), number(text, position + 6, 2)};
}

struct DateFields {
    bool day_name_known = false;
    int year = 0;
    unsigned month = 0;
    int day = 0;
    ClockTime clock;
};

// The moment the fields name, or nullopt when they name none.
std::optional<std::time_t> to_time(const DateFields& fields) {
    using namespace std::chrono;
    // year_month_day::ok() knows how many days each month has, leap years too.
    const year_month_day date{year{fields.year}, month{fields.month}, day{static_cast<unsigned>(fields.day)}};
    const ClockTime& clock = fields.clock;
    if (!fields.day_name_known || !date.ok() || clock.hour > 23 || clock.minute > 59 || clock.second > 60) {
        return std::nullopt;
    }
    const sys_seconds moment = sys_days{date} + hours{clock.hour} + minutes{clock.minute} + seconds{clock.second};
    return static_cast<std::time_t>(moment.time_since_epoch().count());
}

}  // namespace

// $begin parse-http-date
std::optional<std::time_t> parse_http_date(std::string_view text, std::time_t now) {
    // A recipient must accept all three formats (RFC 9110 section 5.6.7).
    // Each character is checked in place ('#' a digit, 'a' a letter of a
    // name, '_' a space or a digit), because sscanf() would also take signs
    // and extra spaces.
    if (fits_shape(text, "aaa, ## aaa #### ##:##:## GMT")) {
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT", the only one we send.
        return to_time(DateFields{short_day(text.substr(0, 3)), number(text, 12, 4), month_number(text.substr(8, 3)),
                                  number(text, 5, 2), clock_at(text, 17)});
    }
    if (fits_shape(text, "aaa aaa _# ##:##:## ####")) {
        // asctime(): "Sun Nov  6 08:49:37 1994", the day padded with a space.
        return to_time(DateFields{short_day(text.substr(0, 3)), number(text, 20, 4), month_number(text.substr(4, 3)),
                                  number(text, 8, 2), clock_at(text, 11)});
    }
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT", the day's whole name.
    const std::size_t comma = text.find(',');
    const std::string_view rest = comma == std::string_view::npos ? std::string_view() : text.substr(comma);
    if (fits_shape(rest, ", ##-aaa-## ##:##:## GMT")) {
        return to_time(DateFields{long_day(text.substr(0, comma)), full_year(number(rest, 9, 2), now),
                                  month_number(rest.substr(5, 3)), number(rest, 2, 2), clock_at(rest, 12)});
    }
    return std::nullopt;
}
// $end parse-http-date

}  // namespace http
