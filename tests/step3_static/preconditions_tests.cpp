// Unit tests of conditional requests (RFC 9110 section 13) on a file's
// entity tag and modification time.
#include "catch.hpp"
#include "http_date.hpp"
#include "preconditions.hpp"

#include <string>
#include <utility>
#include <vector>

using http::PreconditionResult;

namespace {

// The file of the RFC's date examples, last modified on 6 November 1994.
const http::Validators kFile{"\"xyzzy\"", 784111777};
const std::string kModified = "Sun, 06 Nov 1994 08:49:37 GMT";
const std::string kEarlier = "Sun, 06 Nov 1994 08:49:36 GMT";
const std::string kLater = "Sun, 06 Nov 1994 08:49:38 GMT";

http::HttpRequest with(std::vector<std::pair<std::string, std::string>> fields, std::string method = "GET") {
    http::HttpRequest request;
    request.method = std::move(method);
    request.target = "/file";
    for (auto& [name, value] : fields) {
        request.headers.push_back(http::HttpHeader{name, value});
    }
    return request;
}

PreconditionResult evaluate(std::vector<std::pair<std::string, std::string>> fields, std::string method = "GET") {
    return http::evaluate_preconditions(with(std::move(fields), std::move(method)), kFile);
}

}  // namespace

TEST_CASE("an ETag is strong and changes with the size and the modification time", "[step3][conditional]") {
    const std::string tag = http::make_etag(500, std::timespec{784111777, 5});
    CHECK(tag.starts_with('"'));
    CHECK(tag.ends_with('"'));
    CHECK(tag != http::make_etag(501, std::timespec{784111777, 5}));
    CHECK(tag != http::make_etag(500, std::timespec{784111777, 6}));
    CHECK(tag != http::make_etag(500, std::timespec{784111778, 5}));
    CHECK(tag == http::make_etag(500, std::timespec{784111777, 5}));
}

TEST_CASE("a request without preconditions proceeds", "[step3][conditional]") {
    CHECK(evaluate({}) == PreconditionResult::proceed);
}

TEST_CASE("If-Match proceeds on * or a strongly equal tag and fails otherwise", "[step3][conditional]") {
    CHECK(evaluate({{"If-Match", "\"xyzzy\""}}) == PreconditionResult::proceed);
    CHECK(evaluate({{"If-Match", "\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\""}}) == PreconditionResult::proceed);
    CHECK(evaluate({{"If-Match", "*"}}) == PreconditionResult::proceed);
    CHECK(evaluate({{"If-Match", "\"x\""}}) == PreconditionResult::failed);
    // A weak tag never matches strongly.
    CHECK(evaluate({{"If-Match", "W/\"xyzzy\""}}) == PreconditionResult::failed);
    CHECK(evaluate({{"If-Match", "xyzzy"}}) == PreconditionResult::failed);
}

TEST_CASE("If-Match split over two fields is one list", "[step3][conditional]") {
    CHECK(evaluate({{"If-Match", "\"a\""}, {"If-Match", "\"xyzzy\""}}) == PreconditionResult::proceed);
}

TEST_CASE("If-Unmodified-Since fails for a file changed after the date", "[step3][conditional]") {
    CHECK(evaluate({{"If-Unmodified-Since", kEarlier}}) == PreconditionResult::failed);
    CHECK(evaluate({{"If-Unmodified-Since", kModified}}) == PreconditionResult::proceed);
    CHECK(evaluate({{"If-Unmodified-Since", "not a date"}}) == PreconditionResult::proceed);
}

TEST_CASE("If-Unmodified-Since is ignored beside If-Match", "[step3][conditional]") {
    CHECK(evaluate({{"If-Match", "\"xyzzy\""}, {"If-Unmodified-Since", kEarlier}}) == PreconditionResult::proceed);
}

TEST_CASE("If-None-Match gives 304 on * or a weakly equal tag", "[step3][conditional]") {
    CHECK(evaluate({{"If-None-Match", "\"xyzzy\""}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-None-Match", "W/\"xyzzy\""}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-None-Match", "\"a\", W/\"xyzzy\""}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-None-Match", "*"}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-None-Match", "*"}}, "HEAD") == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-None-Match", "\"a\""}}) == PreconditionResult::proceed);
    CHECK(evaluate({{"If-None-Match", "\"a,\"xyzzy\""}}) == PreconditionResult::proceed);
}

TEST_CASE("If-Modified-Since is ignored beside If-None-Match", "[step3][conditional]") {
    CHECK(evaluate({{"If-None-Match", "\"x\""}, {"If-Modified-Since", kLater}}) == PreconditionResult::proceed);
}

TEST_CASE("If-Modified-Since gives 304 at or after the modification time, in any date format", "[step3][conditional]") {
    CHECK(evaluate({{"If-Modified-Since", kModified}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-Modified-Since", kLater}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT"}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-Modified-Since", "Sun Nov  6 08:49:37 1994"}}) == PreconditionResult::not_modified);
    CHECK(evaluate({{"If-Modified-Since", kEarlier}}) == PreconditionResult::proceed);
    CHECK(evaluate({{"If-Modified-Since", "yesterday"}}) == PreconditionResult::proceed);
}

TEST_CASE("a failed If-Match wins over a matching If-None-Match", "[step3][conditional]") {
    // Section 13.2.2 evaluates If-Match first.
    CHECK(evaluate({{"If-None-Match", "\"xyzzy\""}, {"If-Match", "\"x\""}}) == PreconditionResult::failed);
}

TEST_CASE("If-Range holds for the same strong tag or the exact, old enough date", "[step3][conditional]") {
    const std::time_t now = kFile.last_modified + 3600;
    const auto holds = [now](std::string value) {
        return http::if_range_holds(with({{"If-Range", std::move(value)}}), kFile, now);
    };
    CHECK(http::if_range_holds(with({}), kFile, now));
    CHECK(holds("\"xyzzy\""));
    CHECK_FALSE(holds("\"other\""));
    CHECK_FALSE(holds("W/\"xyzzy\""));
    CHECK(holds(kModified));
    CHECK_FALSE(holds(kLater));
    CHECK_FALSE(holds(kEarlier));
    CHECK_FALSE(holds("not a date"));
    // A file changed within the last second may change again unseen in
    // the same second: its date is not a strong validator yet.
    CHECK_FALSE(http::if_range_holds(with({{"If-Range", kModified}}), kFile, kFile.last_modified));
}
