// Tests of the shutdown signal: a pending SIGINT or SIGTERM wakes whoever
// waits. Each test raises the signal on its own thread, with the signal
// blocked, and takes it back off before it ends.
#include "catch.hpp"
#include "loopback.hpp"
#include "process_setup.hpp"
#include "server.hpp"

#include <chrono>
#include <csignal>
#include <optional>

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

// Installs the shutdown signals for one test, and gives the thread its
// signal mask back when the test ends.
class InstalledSignals {
public:
    InstalledSignals() {
        REQUIRE(::pthread_sigmask(SIG_BLOCK, nullptr, &mask_) == 0);
        http::install_shutdown_signals();
    }
    InstalledSignals(const InstalledSignals&) = delete;
    InstalledSignals& operator=(const InstalledSignals&) = delete;
    ~InstalledSignals() { ::pthread_sigmask(SIG_SETMASK, &mask_, nullptr); }

private:
    sigset_t mask_;
};

// Raises `signal_number` at this thread, and takes it off again (reading it
// from the signalfd) when the test ends, so later tests see no shutdown.
class PendingSignal {
public:
    explicit PendingSignal(int signal_number) {
        REQUIRE(::raise(signal_number) == 0);  // blocked: it stays pending instead of ending the process
    }
    PendingSignal(const PendingSignal&) = delete;
    PendingSignal& operator=(const PendingSignal&) = delete;
    ~PendingSignal() {
        signalfd_siginfo info{};
        while (::read(http::shutdown_signal_fd(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        }
    }

private:
    InstalledSignals installed_;
};

}  // namespace

TEST_CASE("wait_for_shutdown() is false while no shutdown signal is pending", "[common][shutdown]") {
    const InstalledSignals installed;
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
    http::Server server(options);
    const PendingSignal pending(SIGTERM);
    CHECK_FALSE(server.accept().has_value());
}
