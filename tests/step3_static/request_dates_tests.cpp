// Unit tests of the dates a client sends (RFC 9110 section 5.6.7): its
// three formats, parsed strictly.
#include "catch.hpp"
#include "http_date.hpp"
#include "request_dates.hpp"

#include <ctime>
#include <string>

TEST_CASE("an IMF-fixdate is parsed to its time", "[step3][date]") {
    CHECK(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == std::time_t{784111777});
    CHECK(http::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == std::time_t{0});
}

TEST_CASE("formatting then parsing gives the same time back", "[step3][date]") {
    const std::time_t time = GENERATE(std::time_t{0}, std::time_t{784111777}, std::time_t{951782400},
                                      std::time_t{1700000000}, std::time_t{2147483647}, std::time_t{4102444799});
    CHECK(http::parse_http_date(http::format_http_date(time)) == time);
}

TEST_CASE("every day and month name is read", "[step3][date]") {
    // Each day of 2024, a leap year: every month and every day of the week.
    const std::time_t new_year_2024 = 1704067200;
    const int day = GENERATE(range(0, 366));
    const std::time_t time = new_year_2024 + std::time_t{day} * 86400;
    CHECK(http::parse_http_date(http::format_http_date(time)) == time);
}

TEST_CASE("the RFC's date in its three formats is parsed to the same time", "[step3][date]") {
    // RFC 9110 section 5.6.7's example, as IMF-fixdate, RFC 850 and asctime().
    const char* text = GENERATE("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                "Sun Nov  6 08:49:37 1994");
    CHECK(http::parse_http_date(text) == std::time_t{784111777});
}

TEST_CASE("an asctime date takes a two-digit day too", "[step3][date]") {
    CHECK(http::parse_http_date("Thu Nov 24 08:49:37 1994") == http::parse_http_date("Thu, 24 Nov 1994 08:49:37 GMT"));
}

TEST_CASE("an RFC 850 two-digit year is never more than 50 years ahead", "[step3][date]") {
    const std::time_t in_2026 = *http::parse_http_date("Wed, 02 Dec 2026 00:00:00 GMT");
    CHECK(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", in_2026) ==
          http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"));
    CHECK(http::parse_http_date("Wednesday, 06-Nov-30 08:49:37 GMT", in_2026) ==
          http::parse_http_date("Wed, 06 Nov 2030 08:49:37 GMT"));
    CHECK(http::parse_http_date("Friday, 06-Nov-76 08:49:37 GMT", in_2026) ==
          http::parse_http_date("Fri, 06 Nov 2076 08:49:37 GMT"));
    CHECK(http::parse_http_date("Sunday, 06-Nov-77 08:49:37 GMT", in_2026) ==
          http::parse_http_date("Sun, 06 Nov 1977 08:49:37 GMT"));
    const std::time_t in_2080 = *http::parse_http_date("Mon, 01 Jan 2080 00:00:00 GMT");
    CHECK(http::parse_http_date("Thursday, 06-Nov-10 08:49:37 GMT", in_2080) ==
          http::parse_http_date("Thu, 06 Nov 2110 08:49:37 GMT"));
}

TEST_CASE("malformed obsolete dates give nullopt", "[step3][date]") {
    const char* text = GENERATE("Sun, 06-Nov-94 08:49:37 GMT", "Sundae, 06-Nov-94 08:49:37 GMT",
                                "Sunday, 6-Nov-94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
                                "Sunday, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 UTC",
                                "Sunday, 31-Nov-94 08:49:37 GMT", ", 06-Nov-94 08:49:37 GMT",
                                "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49:37 94", "Sun Nov  6 08:49:37 1994 ",
                                "Sun Nov 06 08:49:37 GMT", "Sunday Nov  6 08:49:37 1994", "Sun Nov  0 08:49:37 1994",
                                "Sun Nov  6 24:49:37 1994", "Sun nov  6 08:49:37 1994");
    CHECK_FALSE(http::parse_http_date(text).has_value());
}

TEST_CASE("malformed dates give nullopt", "[step3][date]") {
    const char* text = GENERATE("", "garbage", "Sun, 06 Nov 1994 08:49:37 GMT ", " Sun, 06 Nov 1994 08:49:37 GMT",
                                "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 gmt",
                                "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
                                "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
                                "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
                                "Sun, 06 Nov 1994 08:49:61 GMT", "Sun,  6 Nov 1994 08:49:37 GMT",
                                "Sun, +6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov +994 08:49:37 GMT",
                                "Sun, 06 Nov -994 08:49:37 GMT", "Sun, 06 Nov 1994 +8:49:37 GMT",
                                "Sun, 06 Nov 1994 08:49: 7 GMT", "Sun; 06 Nov 1994 08:49:37 GMT",
                                "Sun, 06 Nov 1994 08-49-37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
                                "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 1995 08:49:37 GMT");
    CHECK_FALSE(http::parse_http_date(text).has_value());
}

TEST_CASE("a date with a NUL byte inside gives nullopt", "[step3][date]") {
    const std::string text("Sun, 06 Nov 1994 08:49:37 G\0T", 29);
    CHECK_FALSE(http::parse_http_date(text).has_value());
}

TEST_CASE("a date before 1970 is parsed like any other", "[step3][date]") {
    CHECK(http::parse_http_date("Mon, 01 Jan 1900 00:00:00 GMT") == std::time_t{-2208988800});
}

TEST_CASE("the 29th of February is a date in leap years only", "[step3][date]") {
    CHECK(http::parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT") == std::time_t{951782400});
    CHECK(http::parse_http_date("Thu, 29 Feb 2024 12:00:00 GMT") == std::time_t{1709208000});
    CHECK_FALSE(http::parse_http_date("Thu, 29 Feb 1900 00:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Thu, 29 Feb 2023 00:00:00 GMT").has_value());
}
