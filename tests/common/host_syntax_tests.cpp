// Unit tests of the host and port syntax of RFC 3986, as Host and
// absolute-form targets carry it.
#include "catch.hpp"
#include "host_syntax.hpp"

#include <string>

using http::parse_host_and_port;

TEST_CASE("names, IPv4 and bracketed IPv6 addresses are hosts, with or without a port", "[common][host]") {
    const char* text = GENERATE("example.com", "example.com:8080", "localhost:", "127.0.0.1", "127.0.0.1:80",
                                "[::1]", "[::1]:8000", "[2001:db8::7]", "[::ffff:192.0.2.1]:1", "[v1.fe80::a+en1]",
                                "xn--bcher-kva.example", "a_b~c", "%41b", "");
    INFO("host " << text);
    CHECK(parse_host_and_port(text).has_value());
}

TEST_CASE("host and port are split at the colon after the host", "[common][host]") {
    const auto name = parse_host_and_port("example.com:8080");
    REQUIRE(name);
    CHECK(name->host == "example.com");
    CHECK(name->port == "8080");
    const auto literal = parse_host_and_port("[::1]:8000");
    REQUIRE(literal);
    CHECK(literal->host == "[::1]");
    CHECK(literal->port == "8000");
    const auto empty = parse_host_and_port("");
    REQUIRE(empty);
    CHECK(empty->host.empty());
}

TEST_CASE("spaces, user names, paths, lists, unclosed brackets and bad ports are not hosts", "[common][host]") {
    const char* text = GENERATE("a b", "user@evil", "a/b", "[::1", "::1", "a:12x", "x, y", "a:1:2", "[::1]x",
                                "[::1]:8x", "[:::1]", "[1.2.3.4]", "[v.x]", "[vz.x]", "[v1.]", "a%4", "a%zz", "a?b",
                                "a#b", "a\\b", "a\"b", "[]", "[::1%25eth0]", "a\tb");
    INFO("host " << text);
    CHECK_FALSE(parse_host_and_port(text).has_value());
}
