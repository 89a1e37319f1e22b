// The exercises of chapter 9 (docs/9-limits.md), against step 2's real
// binary. Each fails until its exercise is done: tools/check-exercise ID.
#include "catch.hpp"
#include "eventually.hpp"
#include "file_descriptor.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// A request with `fields` header fields, Host among them.
std::string request_with_fields(int fields) {
    std::string request = "GET / HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 1; i < fields; ++i) {
        request += "X-Field-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
    }
    return request + "\r\n";
}

// The exit status of a step started with `arguments` and port 0, when it
// refuses them at once.
int exit_status_with(const std::string& binary, const std::string& arguments) {
    const std::string command = binary + " " + arguments + " 0 2>/dev/null";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

// The status line of the answer to one GET sent from `source` (another
// loopback address than the tests' 127.0.0.1) to 127.0.0.1:`port`.
std::string status_line_from(const char* source, std::uint16_t port) {
    const http::FileDescriptor socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(socket);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    REQUIRE(::inet_pton(AF_INET, source, &address.sin_addr) == 1);
    INFO("bind to " << source);
    REQUIRE(::bind(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    const timeval timeout{.tv_sec = 5, .tv_usec = 0};
    REQUIRE(::setsockopt(socket.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == 0);
    const std::string request = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    REQUIRE(::send(socket.get(), request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    std::string received;
    std::array<char, 4096> chunk{};
    while (received.find("\r\n") == std::string::npos) {
        const ssize_t size = ::recv(socket.get(), chunk.data(), chunk.size(), 0);
        if (size <= 0) {
            break;
        }
        received.append(chunk.data(), static_cast<std::size_t>(size));
    }
    return received.substr(0, received.find("\r\n"));
}

}  // namespace

TEST_CASE("with --max-header-fields 3, a request with 3 header fields is served and one with 4 gets 431",
          "[exercise][ch9-max-header-fields]") {
    SECTION("3 fields are served, and on the same connection 4 fields then get 431") {
        const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q", "--max-header-fields", "3"});
        test::Client client(server.port());
        client.send(request_with_fields(3));
        const auto served = client.read_response();
        REQUIRE(served);
        CHECK(served->status == 200);
        REQUIRE(served->header("connection") == "keep-alive");
        // The second request of a connection meets the same limit as the first.
        client.send(request_with_fields(4));
        const auto refused = client.read_response();
        REQUIRE(refused);
        CHECK(refused->status == 431);
        CHECK(client.closed_by_peer());
    }
    SECTION("4 fields on a new connection get 431") {
        const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q", "--max-header-fields", "3"});
        const auto response = test::send_request(server.port(), request_with_fields(4));
        REQUIRE(response);
        CHECK(response->status == 431);
    }
    SECTION("without the flag, the limit stays at 100 fields") {
        const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q"});
        const auto served = test::send_request(server.port(), request_with_fields(100));
        REQUIRE(served);
        CHECK(served->status == 200);
        const auto refused = test::send_request(server.port(), request_with_fields(101));
        REQUIRE(refused);
        CHECK(refused->status == 431);
    }
    SECTION("a value that is not a whole number above 0 is refused with exit status 2") {
        for (const char* value : {"0", "abc", "-1"}) {
            CAPTURE(value);
            CHECK(exit_status_with(STEP2_THREADED_BINARY, std::string("--max-header-fields ") + value) == 2);
        }
    }
}

TEST_CASE("with --max-per-client 2, a third connection from one address gets 503 while another address is served",
          "[exercise][ch9-per-client-limit]") {
    SECTION("the limit counts the connections of each client address") {
        const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q", "--max-per-client", "2"});
        const std::string get = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        // Two connections from 127.0.0.1, each answered once and kept open.
        std::optional<test::Client> first(std::in_place, server.port());
        test::Client second(server.port());
        for (test::Client* client : {&*first, &second}) {
            client->send(get);
            const auto response = client->read_response();
            REQUIRE(response);
            REQUIRE(response->status == 200);
        }
        // A third from the same address is refused, as at the connection limit.
        const auto refused = test::get(server.port(), "/");
        REQUIRE(refused);
        CHECK(refused->status == 503);
        CHECK(refused->header("retry-after") == "1");
        // Another client, from another address, is served meanwhile: the
        // loopback network is all of 127.0.0.0/8.
        CHECK(status_line_from("127.0.0.2", server.port()) == "HTTP/1.1 200 OK");
        // Once one of the two leaves, the address may connect again.
        first.reset();
        CHECK(test::eventually(
            [&] {
                const auto response = test::get(server.port(), "/");
                return response && response->status == 200;
            },
            2s));
    }
    SECTION("a value that is not a whole number above 0 is refused with exit status 2") {
        for (const char* value : {"0", "abc", "-1"}) {
            CAPTURE(value);
            CHECK(exit_status_with(STEP2_THREADED_BINARY, std::string("--max-per-client ") + value) == 2);
        }
    }
}
