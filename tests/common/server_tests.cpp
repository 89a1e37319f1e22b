// Tests of Server: listening, the start-up line, accepting, refusing
// clients past the connection limit, and leaving the rest of the process alone.
#include "captured_output.hpp"
#include "catch.hpp"
#include "http_client.hpp"
#include "server.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// A server on 127.0.0.1, a free port, and what it printed on stdout.
struct StartedServer {
    std::optional<http::Server> server;
    std::string printed;
    std::uint16_t port = 0;
};

// Starts a Server on a free port, capturing its start-up line from stdout
// to learn which port.
StartedServer start(http::ServerOptions options, std::string address = "127.0.0.1") {
    options.bind_address = std::move(address);
    options.port = 0;
    StartedServer started;
    test::CapturedOutput stdout_capture(STDOUT_FILENO);
    started.server.emplace(options);
    started.printed = stdout_capture.finish();
    const std::string marker = " port ";
    const auto at = started.printed.find(marker);
    REQUIRE(at != std::string::npos);
    started.port = static_cast<std::uint16_t>(std::stoul(started.printed.substr(at + marker.size())));
    return started;
}

// Should a check fail while accept() waits on another thread, frees the
// held slot and connects once more, so that accept() returns and the test
// can end instead of hanging.
struct UnblockAccept {
    std::future<std::optional<http::ClientConnection>>& accepting;
    std::optional<http::ClientConnection>& held;
    std::uint16_t port;

    ~UnblockAccept() {
        if (accepting.valid() && accepting.wait_for(0s) != std::future_status::ready) {
            held.reset();
            const test::Client client(port);
            accepting.wait();
        }
    }
};

}  // namespace

TEST_CASE("a server on port 0 prints one line naming the address and the port it bound", "[common][server]") {
    const StartedServer started = start(http::ServerOptions{});
    CHECK(started.port != 0);
    const std::string port = std::to_string(started.port);
    CHECK(started.printed ==
          "Serving HTTP on 127.0.0.1 port " + port + " (http://127.0.0.1:" + port + "/) ...\n");
}

TEST_CASE("a server on IPv6 writes its address in brackets inside the URL", "[common][server]") {
    const StartedServer started = start(http::ServerOptions{}, "::1");
    const std::string port = std::to_string(started.port);
    CHECK(started.printed == "Serving HTTP on ::1 port " + port + " (http://[::1]:" + port + "/) ...\n");
}

TEST_CASE("starting a server changes nothing else in the process: signals, descriptor limit, scheduling",
          "[common][server]") {
    // Another test in this program may have ignored SIGPIPE already: start
    // from the default, so that the check below sees what start() does.
    REQUIRE(std::signal(SIGPIPE, SIG_DFL) != SIG_ERR);
    sigset_t mask_before;
    REQUIRE(::pthread_sigmask(SIG_BLOCK, nullptr, &mask_before) == 0);
    rlimit limit_before{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit_before) == 0);
    const int policy_before = ::sched_getscheduler(0);

    const StartedServer started = start(http::ServerOptions{});
    sigset_t mask_after;
    REQUIRE(::pthread_sigmask(SIG_BLOCK, nullptr, &mask_after) == 0);
    for (const int signal_number : {SIGINT, SIGTERM, SIGPIPE}) {
        CHECK(::sigismember(&mask_after, signal_number) == ::sigismember(&mask_before, signal_number));
    }
    CHECK(std::signal(SIGPIPE, SIG_DFL) == SIG_DFL);
    rlimit limit_after{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit_after) == 0);
    CHECK(limit_after.rlim_cur == limit_before.rlim_cur);
    CHECK(::sched_getscheduler(0) == policy_before);
}

TEST_CASE("accept() gives a connection with the client's address", "[common][server]") {
    StartedServer started = start(http::ServerOptions{});
    const test::Client client(started.port);
    std::optional<http::ClientConnection> connection = started.server->accept();
    REQUIRE(connection.has_value());
    CHECK(connection->address == "127.0.0.1");
    client.send("ping");
    char buffer[8];
    REQUIRE(connection->socket.wait_readable(http::Clock::now() + 5s) == http::WaitResult::ready);
    CHECK(std::string_view(buffer, connection->socket.receive_some(buffer)) == "ping");
}

TEST_CASE("a client past the connection limit gets 503 with Retry-After, and a freed slot serves the next",
          "[common][server]") {
    http::ServerOptions options;
    options.max_connections = 1;
    StartedServer started = start(options);

    test::Client first(started.port);
    std::optional<http::ClientConnection> held = started.server->accept();
    REQUIRE(held.has_value());

    // accept() refuses the second client, then waits for another.
    auto accepting = std::async(std::launch::async, [&started] { return started.server->accept(); });
    const UnblockAccept unblock{accepting, held, started.port};
    test::Client second(started.port);
    second.send("GET / HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto refused = second.read_response();
    REQUIRE(refused.has_value());
    CHECK(refused->status == 503);
    CHECK(refused->header("retry-after") == "1");
    CHECK(refused->header("connection") == "close");
    CHECK(second.closed_by_peer());

    // Once the first connection ends, its slot serves the third client.
    held.reset();
    test::Client third(started.port);
    REQUIRE(accepting.wait_for(10s) == std::future_status::ready);
    const std::optional<http::ClientConnection> accepted = accepting.get();
    REQUIRE(accepted.has_value());
    third.send("x");
    char buffer[4];
    REQUIRE(accepted->socket.wait_readable(http::Clock::now() + 5s) == http::WaitResult::ready);
    CHECK(accepted->socket.receive_some(buffer) == 1);
}

TEST_CASE("a server cannot start on a port already in use", "[common][server]") {
    StartedServer started = start(http::ServerOptions{});
    http::ServerOptions options;
    options.port = started.port;
    try {
        const http::Server second(options);
        FAIL("the second server should not have started");
    } catch (const std::system_error& error) {
        CHECK(error.code().value() == EADDRINUSE);
    }
}

TEST_CASE("a server cannot start on an address that does not resolve", "[common][server]") {
    http::ServerOptions options;
    options.bind_address = "no-such-host.invalid";
    options.port = 0;
    CHECK_THROWS_AS(http::Server(options), std::runtime_error);
}
