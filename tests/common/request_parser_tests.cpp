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
    // With CRLF line endings, and with the lone LF that RFC 9112 also accepts.
    const std::string head = GENERATE(as<std::string>{}, "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\nHost: a\n\n");
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

namespace {

// A request line of exactly `size` characters, without its line ending.
std::string request_line_of_size(std::size_t size) {
    const std::string fixed = "GET / HTTP/1.1";
    return "GET /" + std::string(size - fixed.size(), 'a') + " HTTP/1.1";
}

// Header lines ("X-Fill: xxx\r\n") that, with the final empty line, make a
// header section of exactly `size` bytes, Host included.
std::string header_section_of_size(std::size_t size) {
    std::string section = "Host: a\r\n";
    const std::string name = "X-Fill: ";
    while (size - section.size() - 2 > 1000 + name.size() + 2) {
        section += name + std::string(1000, 'x') + "\r\n";
    }
    section += name + std::string(size - section.size() - 2 - name.size() - 2, 'x') + "\r\n";
    return section + "\r\n";
}

}  // namespace

TEST_CASE("a head split in two at any point parses as it does whole", "[common][parser]") {
    const std::string head = "GET /a?b HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n";
    for (std::size_t split = 0; split < head.size(); ++split) {
        INFO("split at " << split);
        http::RequestParser parser;
        REQUIRE(parser.parse(std::string_view(head).substr(0, split)).status == Status::incomplete);
        const ParseResult result = parser.parse(head);
        REQUIRE(result.status == Status::complete);
        CHECK(result.request.target == "/a?b");
        CHECK(result.request.header("accept") == "*/*");
        CHECK(result.consumed == head.size());
    }
}

TEST_CASE("three pipelined requests and part of a fourth are taken in order", "[common][parser]") {
    std::string received = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                           "HEAD /2 HTTP/1.1\r\nHost: a\r\n\r\n"
                           "GET /3 HTTP/1.0\r\n\r\n"
                           "GET /4 HTTP/1.1\r\nHo";
    http::RequestParser parser;
    for (const char* target : {"/1", "/2", "/3"}) {
        const ParseResult result = parser.parse(received);
        REQUIRE(result.status == Status::complete);
        CHECK(result.request.target == target);
        received.erase(0, result.consumed);
        parser.reset();
    }
    CHECK(parser.parse(received).status == Status::incomplete);
    received += "st: a\r\n\r\n";
    const ParseResult fourth = parser.parse(received);
    REQUIRE(fourth.status == Status::complete);
    CHECK(fourth.request.target == "/4");
}

TEST_CASE("a body after a head is not part of the head", "[common][parser]") {
    const std::string head = "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    const ParseResult result = parse_all(head + "hello");
    REQUIRE(result.status == Status::complete);
    CHECK(result.consumed == head.size());
    CHECK(http::content_length(result.request) == 5);
}

TEST_CASE("a request without Content-Length has length 0", "[common][parser]") {
    const ParseResult result = parse_all("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::complete);
    CHECK(http::content_length(result.request) == 0);
}

TEST_CASE("many empty lines before a request are skipped and counted as consumed", "[common][parser]") {
    std::string leading;
    for (int i = 0; i < 1000; ++i) {
        leading += i % 2 == 0 ? "\r\n" : "\n";
    }
    const std::string received = leading + "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
    const ParseResult result = parse_all(received);
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.target == "/x");
    CHECK(result.consumed == received.size());
}

TEST_CASE("an endless stream of empty lines is refused, not buffered forever", "[common][parser]") {
    http::RequestParser parser;
    std::string received;
    ParseResult result;
    const std::size_t bound = http::kMaxRequestLine + http::kMaxHeaderBytes + 4096;
    while (received.size() < bound) {
        received += "\r\n";
        result = parser.parse(received);
        if (result.status != Status::incomplete) {
            break;
        }
    }
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status >= 400);
    CHECK(result.error.status < 500);
}

TEST_CASE("a head that arrives one byte at a time is parsed like a whole one", "[common][parser]") {
    // About 60 KiB: with a parser that rescanned from the start on every
    // byte this would still pass, only slowly; it checks the remembered
    // position never skips a line end.
    const std::string head = "GET /bytes HTTP/1.1\r\n" + header_section_of_size(60 * 1024);
    http::RequestParser parser;
    ParseResult result;
    std::size_t size = 0;
    for (size = 1; size <= head.size(); ++size) {
        result = parser.parse(std::string_view(head).substr(0, size));
        if (result.status != Status::incomplete) {
            break;
        }
    }
    REQUIRE(result.status == Status::complete);
    CHECK(size == head.size());
    CHECK(result.consumed == head.size());
    CHECK(result.request.target == "/bytes");
    CHECK(result.request.headers.size() > 50);
}

TEST_CASE("a request line of exactly 8 KiB is accepted, whole or in pieces", "[common][parser]") {
    const std::string line = request_line_of_size(http::kMaxRequestLine);
    REQUIRE(line.size() == http::kMaxRequestLine);
    const std::string head = line + "\r\nHost: a\r\n\r\n";
    SECTION("whole") {
        CHECK(parse_all(head).status == Status::complete);
    }
    SECTION("line, then CR, then the rest") {
        http::RequestParser parser;
        CHECK(parser.parse(line).status == Status::incomplete);
        CHECK(parser.parse(line + "\r").status == Status::incomplete);
        CHECK(parser.parse(line + "\r\nHost: a\r\n").status == Status::incomplete);
        CHECK(parser.parse(head).status == Status::complete);
    }
}

TEST_CASE("a request line one byte over 8 KiB gets 414, whole or in pieces", "[common][parser]") {
    const std::string line = request_line_of_size(http::kMaxRequestLine + 1);
    SECTION("whole") {
        const ParseResult result = parse_all(line + "\r\nHost: a\r\n\r\n");
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 414);
    }
    SECTION("before its end arrives") {
        const ParseResult result = parse_all(line);
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 414);
    }
    SECTION("with its line end, before the headers end") {
        const ParseResult result = parse_all(line + "\r\nHost: a\r\n");
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 414);
    }
}

TEST_CASE("a header section of exactly 64 KiB is accepted, whole or in pieces", "[common][parser]") {
    const std::string section = header_section_of_size(http::kMaxHeaderBytes);
    REQUIRE(section.size() == http::kMaxHeaderBytes);
    const std::string head = "GET / HTTP/1.1\r\n" + section;
    SECTION("whole") {
        const ParseResult result = parse_all(head);
        REQUIRE(result.status == Status::complete);
        CHECK(result.consumed == head.size());
    }
    SECTION("all but the last byte, then all") {
        http::RequestParser parser;
        CHECK(parser.parse(std::string_view(head).substr(0, head.size() - 1)).status == Status::incomplete);
        CHECK(parser.parse(head).status == Status::complete);
    }
}

TEST_CASE("a header section one byte over 64 KiB gets 431, whole or in pieces", "[common][parser]") {
    const std::string section = header_section_of_size(http::kMaxHeaderBytes + 1);
    REQUIRE(section.size() == http::kMaxHeaderBytes + 1);
    const std::string head = "GET / HTTP/1.1\r\n" + section;
    SECTION("whole") {
        const ParseResult result = parse_all(head);
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 431);
    }
    SECTION("before its empty line arrives") {
        // 64 KiB + 1 of header lines with no end yet: it can only grow.
        const std::string without_end = "GET / HTTP/1.1\r\n" + section.substr(0, section.size() - 2) + "xx";
        const ParseResult result = parse_all(without_end);
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 431);
    }
}

TEST_CASE("100 header fields are accepted and 101 get 431", "[common][parser]") {
    std::string head = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (std::size_t i = 1; i < http::kMaxHeaderFields; ++i) {
        head += "X-" + std::to_string(i) + ": y\r\n";
    }
    const ParseResult accepted = parse_all(head + "\r\n");
    REQUIRE(accepted.status == Status::complete);
    CHECK(accepted.request.headers.size() == http::kMaxHeaderFields);
    const ParseResult refused = parse_all(head + "X-Last: y\r\n\r\n");
    REQUIRE(refused.status == Status::error);
    CHECK(refused.error.status == 431);
}

TEST_CASE("every refusal comes with a reason for the error page", "[common][parser]") {
    const std::string request = GENERATE(std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/2.0\r\n\r\n"),
                                         "GET /" + std::string(http::kMaxRequestLine, 'a'),
                                         std::string("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"));
    const ParseResult result = parse_all(request);
    REQUIRE(result.status == Status::error);
    CHECK_FALSE(result.error.reason.empty());
}

TEST_CASE("methods are case-sensitive tokens, and unknown ones are left to the caller", "[common][parser]") {
    const char* method = GENERATE("POST", "get", "BREW", "M-SEARCH");
    const ParseResult result = parse_all(std::string(method) + " / HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.method == method);
}

TEST_CASE("absolute-form targets with a host are accepted, and * for OPTIONS", "[common][parser]") {
    const char* target = GENERATE("http://example/a?b", "HTTPS://example:8443/", "http://[::1]:80", "*");
    const ParseResult result = parse_all(std::string("OPTIONS ") + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.target == target);
}

TEST_CASE("an absolute-form target without a host or with a user name gets 400", "[common][parser]") {
    const char* target = GENERATE("http:///a.txt", "http://:80/a.txt", "http://u:p@host/a.txt", "http://u@host",
                                  "http://a b/", "http://[::1/", "http://host:8x/", "http://?x");
    INFO("target " << target);
    const ParseResult result = parse_all(std::string("GET ") + target + " HTTP/1.1\r\nHost: host\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("a host:port target is accepted with CONNECT only", "[common][parser]") {
    const ParseResult connect = parse_all("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    REQUIRE(connect.status == Status::complete);
    CHECK(connect.request.target == "example.com:443");
    CHECK(parse_all("GET example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n").error.status == 400);
    CHECK(parse_all("CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n").error.status == 400);
    CHECK(parse_all("CONNECT :443 HTTP/1.1\r\nHost: a\r\n\r\n").error.status == 400);
}

TEST_CASE("the target * with any method but OPTIONS gets 400", "[common][parser]") {
    const char* method = GENERATE("GET", "HEAD", "POST", "BREW");
    const ParseResult result = parse_all(std::string(method) + " * HTTP/1.1\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("a Host value that is not host[:port] gets 400", "[common][parser]") {
    const char* host = GENERATE("a b", "user@evil", "a/b", "[::1", "a:12x", "x, y");
    INFO("Host: " << host);
    const ParseResult result = parse_all(std::string("GET / HTTP/1.1\r\nHost: ") + host + "\r\n\r\n");
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("an empty Host value is accepted", "[common][parser]") {
    // RFC 9112 section 3.2: a client sends an empty Host when the target
    // URI has no authority.
    CHECK(parse_all("GET / HTTP/1.1\r\nHost:\r\n\r\n").status == Status::complete);
}

TEST_CASE("targets that are neither a path nor an absolute http URL get 400", "[common][parser]") {
    const char* target = GENERATE("ftp://example/a", "example.com", "//", "?x", "a/b");
    INFO("target " << target);
    const ParseResult result = parse_all(std::string("GET ") + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
    if (std::string_view(target) == "//") {
        CHECK(result.status == Status::complete);  // "//" is a path: an empty segment
    } else {
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 400);
    }
}

TEST_CASE("HTTP/1.x versions above 1.1 are answered as 1.1", "[common][parser]") {
    const ParseResult result = parse_all("GET / HTTP/1.9\r\nHost: a\r\n\r\n");
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.minor_version == 1);
}

TEST_CASE("header values lose surrounding whitespace and keep inner spaces and high bytes", "[common][parser]") {
    const ParseResult result = parse_all("GET / HTTP/1.1\r\nHost: a\r\nX-A: \t one  two \t\r\nX-B:\r\nX-C: caf\xc3\xa9\r\n\r\n");
    REQUIRE(result.status == Status::complete);
    CHECK(result.request.header("x-a") == "one  two");
    CHECK(result.request.header("x-b") == "");
    CHECK(result.request.header("x-c") == "caf\xc3\xa9");
    CHECK(result.request.headers[1].name == "X-A");
}

TEST_CASE("a NUL byte anywhere in the head gets 400", "[common][parser]") {
    using namespace std::string_literals;
    const std::string head = GENERATE("GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n"s, "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"s,
                                      "GET / HTTP/1.1\r\nHo\0st: a\r\n\r\n"s);
    const ParseResult result = parse_all(head);
    REQUIRE(result.status == Status::error);
    CHECK(result.error.status == 400);
}

TEST_CASE("HTTP/1.0 may omit Host but not send two, nor Transfer-Encoding", "[common][parser]") {
    CHECK(parse_all("GET / HTTP/1.0\r\nHost: a\r\n\r\n").status == Status::complete);
    CHECK(parse_all("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n").error.status == 400);
    CHECK(parse_all("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").error.status == 400);
}

TEST_CASE("empty and truncated request lines and header lines are refused without crashing", "[common][parser]") {
    CHECK(parse_all(" \r\n\r\n").status == Status::error);
    CHECK(parse_all("GET\r\n\r\n").status == Status::error);
    CHECK(parse_all("GET / HTTP/1.1\r\n:\r\n\r\n").status == Status::error);
    CHECK(parse_all("GET / HTTP/1.1\r\nHost\r\n\r\n").status == Status::error);
    CHECK(parse_all("\r\n\r\n").status == Status::incomplete);
    CHECK(parse_all("").status == Status::incomplete);
}
