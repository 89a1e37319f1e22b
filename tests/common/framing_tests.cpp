// Framing that request smuggling exploits (RFC 9112 sections 5, 6 and 11):
// when a proxy in front of the server and the server could disagree on
// where a request ends, the bytes after it could be read as a second,
// "smuggled" request. Each such head gets 400, the connection closes, and
// the request hidden behind it is never answered.
#include "catch.hpp"
#include "connection.hpp"
#include "loopback.hpp"
#include "request_parser.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
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

// serve_connection() on a thread of its own, over a real loopback
// connection whose client end the test drives.
class ServedOnThread {
public:
    ServedOnThread() : pair_(test::tcp_pair()) {
        // A slot whose end the test watches: it goes when the connection ends.
        std::shared_ptr<void> slot = std::make_shared<int>(0);
        slot_ = slot;
        http::ClientConnection connection{std::move(pair_.server.socket), std::move(pair_.server.peer_address),
                                          std::move(slot)};
        server_ = std::thread([this, connection = std::move(connection)]() mutable {
            const http::Handler answer = [](const http::HttpRequest& request) {
                return http::HttpResponse::with_body(200, "text/plain", "answered " + request.target);
            };
            http::serve_connection(std::move(connection), answer, options_);
        });
    }
    ServedOnThread(const ServedOnThread&) = delete;
    ServedOnThread& operator=(const ServedOnThread&) = delete;
    ~ServedOnThread() {
        ::shutdown(pair_.client.fd(), SHUT_RDWR);
        server_.join();
    }

    const http::Socket& client() const { return pair_.client; }

    // True once serve_connection() has returned and given its slot back.
    bool finished_within(std::chrono::milliseconds timeout) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!slot_.expired()) {
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return true;
    }

private:
    test::TcpPair pair_;
    std::weak_ptr<void> slot_;
    http::ConnectionOptions options_{.log_requests = false};
    std::thread server_;
};

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
    ServedOnThread served;
    served.client().send_all(framing.request);
    // read_all() returns once the server closes its side.
    const std::string everything = test::read_all(served.client());

    CHECK(everything.starts_with("HTTP/1.1 400 Bad Request\r\n"));
    CHECK(everything.find("\r\nConnection: close\r\n") != std::string::npos);
    CHECK(everything.find("answered") == std::string::npos);
    CHECK(everything.find("HTTP/1.1", 1) == std::string::npos);  // one response only
}

TEST_CASE("after a refusal, the server reads what the client still sends instead of resetting",
          "[common][framing]") {
    // Closing a socket with unread bytes makes the kernel reset the
    // connection, which fails the client's sending and can destroy a
    // response it has not read yet: the server reads and discards them
    // first (the linger). 16 MiB is more than the socket buffers hold.
    ServedOnThread served;
    bool sent_all = false;
    std::thread sender([&served, &sent_all] {
        try {
            served.client().send_all("GARBAGE\r\n\r\n" + std::string(16 * 1024 * 1024, 'x'));
            sent_all = true;
        } catch (const std::system_error&) {
            // ECONNRESET: the server closed without reading.
        }
    });
    const std::string everything = test::read_all(served.client());
    sender.join();
    CHECK(sent_all);
    CHECK(everything.starts_with("HTTP/1.1 400 Bad Request\r\n"));
    CHECK(everything.ends_with("</html>\n"));
}

TEST_CASE("after a refusal, a client that never closes is let go once the linger timeout passes",
          "[common][framing]") {
    ServedOnThread served;
    served.client().send_all("GARBAGE\r\n\r\n");
    const auto start = std::chrono::steady_clock::now();
    CHECK(test::read_all(served.client()).starts_with("HTTP/1.1 400 Bad Request\r\n"));
    // The client keeps its side open and silent: the server waits for it
    // up to kLingerTimeout, then closes anyway.
    REQUIRE(served.finished_within(http::kLingerTimeout + std::chrono::seconds(5)));
    CHECK(std::chrono::steady_clock::now() - start >= http::kLingerTimeout - std::chrono::milliseconds(500));
}

TEST_CASE("where the network cuts a head never changes the answer", "[common][framing]") {
    // Heads that break two rules at once: whichever rule a head that
    // arrived whole is refused for, the same head in pieces is refused for
    // the same one. (Found by fuzz/request_parser_fuzzer.cpp.)
    const std::string head = GENERATE(
        "G\x01T /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: a\r\n" + std::string(70 * 1024, 'x') + "\r\n\r\n",
        std::string(40000, '\n') + "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        std::string("POSH\0T /form HTTP/1.1\r\nHost: a\r\n\r\n", 34));
    http::RequestParser whole_parser;
    const http::ParseResult whole = whole_parser.parse(head);
    REQUIRE(whole.status == Status::error);
    const std::size_t piece = GENERATE(std::size_t{1}, std::size_t{7}, std::size_t{1000});
    INFO("pieces of " << piece << " bytes");
    http::RequestParser parser;
    http::ParseResult result;
    for (std::size_t size = piece; result.status == Status::incomplete && size < head.size() + piece;
         size += piece) {
        result = parser.parse(std::string_view(head).substr(0, size));
    }
    CHECK(result.status == Status::error);
    CHECK(result.error.status == whole.error.status);
    CHECK(result.error.reason == whole.error.reason);
}
