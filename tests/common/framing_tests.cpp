// Framing that request smuggling exploits (RFC 9112 sections 5, 6 and 11):
// when a proxy in front of the server and the server could disagree on
// where a request ends, the bytes after it could be read as a second,
// "smuggled" request. Each such head gets 400, the connection closes, and
// the request hidden behind it is never answered.
#include "catch.hpp"
#include "connection.hpp"
#include "loopback.hpp"
#include "request_parser.hpp"

#include <string>
#include <thread>

#include <sys/socket.h>

using Status = http::ParseResult::Status;

namespace {

// A request that a front end may take for the body of the one before it.
const std::string kSmuggled = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

struct Framing {
    const char* name;
    std::string request;  // a whole head, a body of five bytes, then kSmuggled
};

Framing post(const char* name, const std::string& header_lines, const char* version = "HTTP/1.1") {
    return Framing{name, std::string("POST /form ") + version + "\r\nHost: a\r\n" + header_lines + "\r\nhello" +
                             kSmuggled};
}

// Every variant that the parser must refuse with 400.
Framing ambiguous_framing() {
    return GENERATE(
        post("Content-Length and Transfer-Encoding", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
        post("Transfer-Encoding before Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"),
        post("Transfer-Encoding in HTTP/1.0", "Transfer-Encoding: chunked\r\n", "HTTP/1.0"),
        post("two different Content-Length fields", "Content-Length: 5\r\nContent-Length: 6\r\n"),
        post("a Content-Length list that differs", "Content-Length: 5, 6\r\n"),
        post("a Content-Length list with an empty element", "Content-Length: 5,\r\n"),
        post("an empty Content-Length", "Content-Length: \r\n"),
        post("a negative Content-Length", "Content-Length: -5\r\n"),
        post("a Content-Length with a plus sign", "Content-Length: +5\r\n"),
        post("a hexadecimal Content-Length", "Content-Length: 0x5\r\n"),
        post("a Content-Length with a fraction", "Content-Length: 5.0\r\n"),
        post("a Content-Length of two numbers", "Content-Length: 5 6\r\n"),
        post("a Content-Length too large for any integer", "Content-Length: 99999999999999999999999\r\n"),
        post("a space before the colon", "Content-Length : 5\r\n"),
        post("a tab before the colon", "Content-Length\t: 5\r\n"),
        post("a space before the colon of Transfer-Encoding", "Content-Length: 5\r\nTransfer-Encoding : chunked\r\n"),
        post("a space inside a name", "Content Length: 5\r\n"),
        post("a NUL byte in a name", std::string("Content-Length\0: 5\r\n", 20)),
        post("a non-ASCII letter in a name", "Content-Lengt\xc4\xb1: 5\r\n"),
        post("a bracket in a name", "[Content-Length]: 5\r\n"),
        post("a bare CR inside a value", "X-A: a\rContent-Length: 5\r\n"),
        post("a bare CR ending a line", "Content-Length: 5\r\r\n"),
        post("a bare CR starting a line", "Content-Length: 5\r\n\rX-A: b\r\n"),
        post("a folded Content-Length", "Content-Length: 5\r\n 6\r\n"),
        post("a folded line after a field", "X-A: a\r\n\tContent-Length: 5\r\n"));
}

}  // namespace

TEST_CASE("ambiguous message framing gets 400 from the parser, whole or byte by byte", "[common][framing]") {
    const Framing framing = ambiguous_framing();
    INFO(framing.name);
    SECTION("whole") {
        http::RequestParser parser;
        const http::ParseResult result = parser.parse(framing.request);
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 400);
    }
    SECTION("one byte at a time") {
        http::RequestParser parser;
        http::ParseResult result;
        for (std::size_t size = 1; size <= framing.request.size(); ++size) {
            result = parser.parse(std::string_view(framing.request).substr(0, size));
            if (result.status != Status::incomplete) {
                break;
            }
        }
        REQUIRE(result.status == Status::error);
        CHECK(result.error.status == 400);
    }
}

TEST_CASE("ambiguous message framing gets 400 and a closed connection, and the smuggled request no answer",
          "[common][framing]") {
    const Framing framing = ambiguous_framing();
    INFO(framing.name);
    test::TcpPair pair = test::tcp_pair();
    http::ConnectionLimit limit(1);
    std::optional<http::ConnectionSlot> slot = limit.try_acquire();
    REQUIRE(slot.has_value());
    http::ServerOptions options;
    options.quiet = true;
    http::ClientConnection connection{std::move(pair.server.socket), std::move(pair.server.peer_address),
                                      std::move(*slot)};
    std::thread server([&options, connection = std::move(connection)]() mutable {
        const http::Handler answer = [](const http::HttpRequest& request) {
            return http::HttpResponse::with_body(200, "text/plain", "answered " + request.target);
        };
        http::serve_connection(std::move(connection), answer, options);
    });

    pair.client.send_all(framing.request);
    // read_all() returns once the server closes its side.
    const std::string everything = test::read_all(pair.client);
    ::shutdown(pair.client.fd(), SHUT_RDWR);
    server.join();

    CHECK(everything.starts_with("HTTP/1.1 400 Bad Request\r\n"));
    CHECK(everything.find("\r\nConnection: close\r\n") != std::string::npos);
    CHECK(everything.find("answered") == std::string::npos);
    CHECK(everything.find("HTTP/1.1", 1) == std::string::npos);  // one response only
}
