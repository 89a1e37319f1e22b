// Unit tests of HTTP dates as the server writes them.
#include "catch.hpp"
#include "http_date.hpp"

#include <ctime>
#include <limits>

TEST_CASE("a known time is formatted as an IMF-fixdate", "[common][date]") {
    CHECK(http::format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(http::format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(http::format_http_date(951782400) == "Tue, 29 Feb 2000 00:00:00 GMT");
    CHECK(http::format_http_date(4102444799) == "Thu, 31 Dec 2099 23:59:59 GMT");
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
}
