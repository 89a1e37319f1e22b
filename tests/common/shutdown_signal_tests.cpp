// Tests of the shutdown signal: a pending SIGINT or SIGTERM wakes whoever
// waits. Each test raises the signal on its own thread, with the signal
// blocked, and takes it back off before it ends.
#include "catch.hpp"
#include "loopback.hpp"
#include "server.hpp"
#include "shutdown_signal.hpp"

#include <chrono>
#include <csignal>
#include <optional>

#include <sys/signalfd.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// Raises `signal_number` at this thread, and takes it off again (reading it
// from the signalfd) when the test ends, so later tests see no shutdown.
class PendingSignal {
public:
    explicit PendingSignal(int signal_number) {
        http::install_shutdown_signals();  // blocked: it stays pending instead of ending the process
        REQUIRE(::raise(signal_number) == 0);
    }
    PendingSignal(const PendingSignal&) = delete;
    PendingSignal& operator=(const PendingSignal&) = delete;
    ~PendingSignal() {
        signalfd_siginfo info{};
        while (::read(http::shutdown_signal_fd(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        }
    }
};

}  // namespace

TEST_CASE("wait_for_shutdown() is false while no shutdown signal is pending", "[common][shutdown]") {
    http::install_shutdown_signals();
    CHECK_FALSE(http::wait_for_shutdown(0ms));
    CHECK_FALSE(http::wait_for_shutdown(50ms));
}

TEST_CASE("a pending SIGINT or SIGTERM is seen by wait_for_shutdown() and wait_readable()", "[common][shutdown]") {
    const int signal_number = GENERATE(SIGINT, SIGTERM);
    auto [a, b] = test::socket_pair();
    {
        const PendingSignal pending(signal_number);
        CHECK(http::wait_for_shutdown(0ms));
        CHECK(http::wait_for_shutdown(5s));  // returns at once
        CHECK(a.wait_readable(http::Clock::now() + 5s) == http::WaitResult::shutdown);
    }
    CHECK_FALSE(http::wait_for_shutdown(0ms));
    CHECK(a.wait_readable(http::Clock::now()) == http::WaitResult::timed_out);
}

TEST_CASE("Server::accept() gives nullopt once a shutdown is asked for", "[common][shutdown]") {
    http::ServerOptions options;
    options.port = 0;
    options.quiet = true;
    http::Server server(options);
    const PendingSignal pending(SIGTERM);
    CHECK_FALSE(server.accept().has_value());
}
