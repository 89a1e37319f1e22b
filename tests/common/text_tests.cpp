// Unit tests of the text helpers: plain function calls.
#include "catch.hpp"
#include "text.hpp"

#include <string_view>
#include <vector>

using Pieces = std::vector<std::string_view>;

TEST_CASE("trim() removes spaces and tabs at either end and nothing inside", "[common][text]") {
    CHECK(http::trim(" \t a b \t") == "a b");
    CHECK(http::trim("a") == "a");
    CHECK(http::trim(" \t ").empty());
    CHECK(http::trim("").empty());
    CHECK(http::trim("\ra\n") == "\ra\n");
}

TEST_CASE("to_lower() lowers ASCII letters only", "[common][text]") {
    CHECK(http::to_lower("Index.HTML") == "index.html");
    CHECK(http::to_lower("@[`{\xC3\x89") == "@[`{\xC3\x89");
}

TEST_CASE("equals_ignoring_case() compares ASCII letters without case and nothing else", "[common][text]") {
    CHECK(http::equals_ignoring_case("", ""));
    CHECK(http::equals_ignoring_case("Content-Length", "content-LENGTH"));
    CHECK(http::equals_ignoring_case("a1-_~", "A1-_~"));
    CHECK_FALSE(http::equals_ignoring_case("Host", "Hos"));
    CHECK_FALSE(http::equals_ignoring_case("Host", "Hosts"));
    CHECK_FALSE(http::equals_ignoring_case("a", "b"));
    // Only A-Z fold: '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
    CHECK_FALSE(http::equals_ignoring_case("@", "`"));
    CHECK_FALSE(http::equals_ignoring_case("[", "{"));
}

TEST_CASE("split() gives every piece between separators, empty ones too", "[common][text]") {
    CHECK(http::split("a,b", ',') == Pieces{"a", "b"});
    CHECK(http::split("a,,b,", ',') == Pieces{"a", "", "b", ""});
    CHECK(http::split("", ',') == Pieces{""});
    CHECK(http::split("/", '/') == Pieces{"", ""});
}
