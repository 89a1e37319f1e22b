// The exercises of chapter 2 (docs/2-sockets-and-signals.md), against steps
// 1 and 2's real binaries. Each fails until its exercise is done:
// tools/check-exercise ID.
#include "catch.hpp"
#include "file_descriptor.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>

using namespace std::chrono_literals;

namespace {

// What binding a socket of our own, with SO_REUSEPORT, to 127.0.0.1:`port`
// and listening on it gave: 0, or the errno of the call that failed.
int listen_beside(std::uint16_t port, http::FileDescriptor& socket) {
    socket = http::FileDescriptor(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(socket);
    const int on = 1;
    REQUIRE(::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) == 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(socket.get(), 16) != 0) {
        return errno;
    }
    return 0;
}

}  // namespace

TEST_CASE("SIGHUP stops the server cleanly with exit status 0, as SIGINT and SIGTERM do",
          "[exercise][ch2-sighup]") {
    SECTION("while idle") {
        test::ServerProcess server(STEP1_HELLO_BINARY, {"-q"});
        // Killed by the signal's default action, the server has no exit status.
        CHECK(server.stop(SIGHUP, 1s) == 0);
    }
    SECTION("while a client holds half a request") {
        test::ServerProcess server(STEP1_HELLO_BINARY, {"-q"});
        test::Client client(server.port());
        client.send("GET / HTT");
        std::this_thread::sleep_for(100ms);
        CHECK(server.stop(SIGHUP, 1s) == 0);
    }
    SECTION("step 2, while its threads serve clients that hold connections open") {
        test::ServerProcess server(STEP2_THREADED_BINARY, {"-q"});
        test::Client idle(server.port());
        test::Client between_requests(server.port());
        between_requests.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        REQUIRE(between_requests.read_response());
        CHECK(server.stop(SIGHUP, 2s) == 0);
        CHECK(idle.closed_by_peer(1s));
        CHECK(between_requests.closed_by_peer(1s));
    }
}

TEST_CASE("with --reuse-port, another socket with SO_REUSEPORT may listen on the server's port",
          "[exercise][ch2-reuse-port]") {
    SECTION("with the flag, a second listener shares the port, and the server still answers") {
        const test::ServerProcess server(STEP1_HELLO_BINARY, {"-q", "--reuse-port"});
        http::FileDescriptor second;
        const int error = listen_beside(server.port(), second);
        INFO("bind and listen beside the server: " << (error == 0 ? "done" : std::strerror(error)));
        CHECK(error == 0);
        second = http::FileDescriptor();
        const auto response = test::get(server.port(), "/");
        REQUIRE(response);
        CHECK(response->status == 200);
    }
    SECTION("without the flag, the port stays the server's alone") {
        const test::ServerProcess server(STEP1_HELLO_BINARY, {"-q"});
        http::FileDescriptor second;
        CHECK(listen_beside(server.port(), second) == EADDRINUSE);
    }
}
