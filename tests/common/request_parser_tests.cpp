// Unit tests of the request parser: plain function calls, no sockets.
#include "catch.hpp"
#include "request_parser.hpp"

#include <string>

using http::ParseResult;
using Status = http::ParseResult::Status;

namespace {

ParseResult parse_all(std::string_view bytes) {
    http::RequestParser parser;
    return parser.parse(bytes);
}

}  // namespace

TEST_CASE("a simple GET is parsed into method, target, version and headers", "[common][parser]") {
    const std::string head = "GET /index.html?x=1 HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n";
    const ParseResult result = parse_all(head + "GET /next");
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.method == "GET");
    CHECK(result.request.target == "/index.html?x=1");
    CHECK(result.request.path() == "/index.html");
    CHECK(result.request.minor_version == 1);
    REQUIRE(result.request.headers.size() == 2);
    CHECK(result.request.header("accept") == "*/*");
    CHECK(result.consumed == head.size());
}

TEST_CASE("a head that arrives one byte at a time is complete only at its empty line", "[common][parser]") {
    const std::string head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    http::RequestParser parser;
    for (std::size_t size = 0; size < head.size(); ++size) {
        REQUIRE(parser.parse(std::string_view(head).substr(0, size)).status == Status::incomplete);
    }
    const ParseResult result = parser.parse(head);
    REQUIRE(result.status == Status::complete);
    CHECK(result.consumed == head.size());
}

TEST_CASE("pipelined requests are parsed one after another", "[common][parser]") {
    std::string received = "GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n";
    http::RequestParser parser;
    ParseResult first = parser.parse(received);
    REQUIRE(first.status == Status::complete);
    CHECK(first.request.target == "/one");
    received.erase(0, first.consumed);
    parser.reset();
    ParseResult second = parser.parse(received);
    REQUIRE(second.status == Status::complete);
    CHECK(second.request.target == "/two");
    CHECK(second.consumed == received.size());
}

TEST_CASE("a lone LF ends lines too, and empty lines before a request are skipped", "[common][parser]") {
    const ParseResult result = parse_all("\r\n\nGET / HTTP/1.0\nUser-Agent: nc\n\n");
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.minor_version == 0);
    CHECK(result.request.header("User-Agent") == "nc");
}

TEST_CASE("malformed request lines get 400", "[common][parser]") {
    const char* line = GENERATE("GARBAGE", "GET /", "GET  / HTTP/1.1", "GET / HTTP/1.1 x", "GET / http/1.1",
                                "GET / HTTP/1", "GET / HTTP/1.1x", "G(T / HTTP/1.1", "GET index.html HTTP/1.1",
                                "GET /a\x01 HTTP/1.1", "GET / HTTP/1.1\rX");
    const ParseResult result = parse_all(std::string(line) + "\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("HTTP versions from 2 up get 505", "[common][parser]") {
    const char* version = GENERATE("HTTP/2.0", "HTTP/3.0", "HTTP/9.9", "HTTP/0.9");
    const ParseResult result = parse_all(std::string("GET / ") + version + "\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 505);
}

TEST_CASE("a request line over 8 KiB gets 414 before its end arrives", "[common][parser]") {
    const std::string start = "GET /" + std::string(http::kMaxRequestLine, 'a');
    const ParseResult result = parse_all(start);
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 414);
}

TEST_CASE("header sections past the limits get 431", "[common][parser]") {
    SECTION("more than 64 KiB of header lines") {
        std::string head = "GET / HTTP/1.1\r\nHost: a\r\n";
        while (head.size() < http::kMaxHeaderBytes + 100) {
            head += "X-Filler: " + std::string(1000, 'x') + "\r\n";
        }
        const ParseResult result = parse_all(head);
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 431);
    }
    SECTION("more than 100 fields") {
        std::string head = "GET / HTTP/1.1\r\nHost: a\r\n";
        for (std::size_t i = 0; i < http::kMaxHeaderFields; ++i) {
            head += "X-" + std::to_string(i) + ": y\r\n";
        }
        const ParseResult result = parse_all(head + "\r\n");
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 431);
    }
}

TEST_CASE("malformed header lines get 400", "[common][parser]") {
    const char* line = GENERATE("NoColon", "Bad Name: x", "Host : a", " folded", "\tfolded", "X: a\x01b",
                                "X: a\rb", ": empty-name", "X\x7f: y");
    const ParseResult result = parse_all(std::string("GET / HTTP/1.1\r\nHost: a\r\n") + line + "\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("HTTP/1.1 needs exactly one Host header", "[common][parser]") {
    CHECK(parse_all("GET / HTTP/1.1\r\n\r\n").error.status == 400);
    CHECK(parse_all("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").error.status == 400);
    CHECK(parse_all("GET / HTTP/1.0\r\n\r\n").status == Status::complete);
}

TEST_CASE("framing that request smuggling relies on gets 400", "[common][parser]") {
    const char* headers = GENERATE("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                                   "Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5, 6\r\n",
                                   "Content-Length: -1\r\n", "Content-Length: abc\r\n", "Content-Length: +5\r\n",
                                   "Content-Length: 99999999999999999999999\r\n");
    const ParseResult result = parse_all(std::string("GET / HTTP/1.1\r\nHost: a\r\n") + headers + "\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("equal repeated Content-Length values are accepted", "[common][parser]") {
    const ParseResult result = parse_all("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5, 5\r\n\r\n");
    REQUIRE(result.status == Status::complete);
    CHECK(http::content_length(result.request) == 5);
}

TEST_CASE("a chunked request body gets 501", "[common][parser]") {
    const ParseResult result = parse_all("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 501);
}

TEST_CASE("bytes that cannot start a request get 400 before a line ends", "[common][parser]") {
    const std::string tls_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    const ParseResult result = parse_all(tls_hello);
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}
