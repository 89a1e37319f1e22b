// Unit tests of HTTP dates: formatting and strict parsing.
#include "catch.hpp"
#include "http_date.hpp"

#include <ctime>
#include <limits>
#include <string>

TEST_CASE("a known time is formatted as an IMF-fixdate", "[common][date]") {
    CHECK(http::format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(http::format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(http::format_http_date(951782400) == "Tue, 29 Feb 2000 00:00:00 GMT");
    CHECK(http::format_http_date(4102444799) == "Thu, 31 Dec 2099 23:59:59 GMT");
}

TEST_CASE("an IMF-fixdate is parsed to its time", "[common][date]") {
    CHECK(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == std::time_t{784111777});
    CHECK(http::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == std::time_t{0});
}

TEST_CASE("formatting then parsing gives the same time back", "[common][date]") {
    const std::time_t time = GENERATE(std::time_t{0}, std::time_t{784111777}, std::time_t{951782400},
                                      std::time_t{1700000000}, std::time_t{2147483647}, std::time_t{4102444799});
    CHECK(http::parse_http_date(http::format_http_date(time)) == time);
}

TEST_CASE("the RFC's date in its three formats is parsed to the same time", "[common][date]") {
    // RFC 9110 section 5.6.7's example, as IMF-fixdate, RFC 850 and asctime().
    const char* text = GENERATE("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                                "Sun Nov  6 08:49:37 1994");
    CHECK(http::parse_http_date(text) == std::time_t{784111777});
}

TEST_CASE("an asctime date takes a two-digit day too", "[common][date]") {
    CHECK(http::parse_http_date("Thu Nov 24 08:49:37 1994") == http::parse_http_date("Thu, 24 Nov 1994 08:49:37 GMT"));
}

TEST_CASE("an RFC 850 two-digit year is never more than 50 years ahead", "[common][date]") {
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

TEST_CASE("malformed obsolete dates give nullopt", "[common][date]") {
    const char* text = GENERATE("Sun, 06-Nov-94 08:49:37 GMT", "Sundae, 06-Nov-94 08:49:37 GMT",
                                "Sunday, 6-Nov-94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
                                "Sunday, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 UTC",
                                "Sunday, 31-Nov-94 08:49:37 GMT", ", 06-Nov-94 08:49:37 GMT",
                                "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49:37 94", "Sun Nov  6 08:49:37 1994 ",
                                "Sun Nov 06 08:49:37 GMT", "Sunday Nov  6 08:49:37 1994", "Sun Nov  0 08:49:37 1994",
                                "Sun Nov  6 24:49:37 1994", "Sun nov  6 08:49:37 1994");
    CHECK_FALSE(http::parse_http_date(text).has_value());
}

TEST_CASE("malformed dates give nullopt", "[common][date]") {
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

TEST_CASE("a date with a NUL byte inside gives nullopt", "[common][date]") {
    const std::string text("Sun, 06 Nov 1994 08:49:37 G\0T", 29);
    CHECK_FALSE(http::parse_http_date(text).has_value());
}

TEST_CASE("a time past the year 9999 is shown as the last second that four digits can show", "[common][date]") {
    // Year 1,000,001,970: far past any real clock, and past what an
    // IMF-fixdate, with its four-digit year, can say.
    const std::time_t far_future = std::time_t{1'000'000'000} * 31'556'952;
    CHECK(http::format_http_date(far_future) == "Fri, 31 Dec 9999 23:59:59 GMT");
    CHECK(http::format_http_date(std::numeric_limits<std::time_t>::max()) == "Fri, 31 Dec 9999 23:59:59 GMT");
    CHECK(http::format_http_date(std::numeric_limits<std::time_t>::min()) == "Sat, 01 Jan 0000 00:00:00 GMT");
}

TEST_CASE("a time before 1970 is formatted like any other", "[common][date]") {
    CHECK(http::format_http_date(-1) == "Wed, 31 Dec 1969 23:59:59 GMT");
    CHECK(http::format_http_date(-2208988800) == "Mon, 01 Jan 1900 00:00:00 GMT");
    CHECK(http::parse_http_date("Mon, 01 Jan 1900 00:00:00 GMT") == std::time_t{-2208988800});
}

TEST_CASE("the 29th of February is a date in leap years only", "[common][date]") {
    CHECK(http::parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT") == std::time_t{951782400});
    CHECK(http::parse_http_date("Thu, 29 Feb 2024 12:00:00 GMT") == std::time_t{1709208000});
    CHECK_FALSE(http::parse_http_date("Thu, 29 Feb 1900 00:00:00 GMT").has_value());
    CHECK_FALSE(http::parse_http_date("Thu, 29 Feb 2023 00:00:00 GMT").has_value());
}
