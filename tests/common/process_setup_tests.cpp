// Tests of the process-wide set-up a step's main() calls.
#include "catch.hpp"
#include "loopback.hpp"
#include "process_setup.hpp"

#include <cerrno>
#include <csignal>

#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

TEST_CASE("with SIGPIPE ignored, writing to a connection the peer closed fails with EPIPE", "[common][setup]") {
    http::ignore_sigpipe();
    auto [a, b] = test::socket_pair();
    {
        const http::Socket closed = std::move(b);
    }
    // write() has no MSG_NOSIGNAL: without the set-up, SIGPIPE would end this process.
    CHECK(::write(a.fd(), "x", 1) == -1);
    CHECK(errno == EPIPE);
}

TEST_CASE("raise_descriptor_limit() lifts the limit on open descriptors as far as it may go", "[common][setup]") {
    http::raise_descriptor_limit();
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    CHECK(limit.rlim_cur == limit.rlim_max);
}

TEST_CASE("a SIGINT reaches the shutdown descriptor even when the server was started with SIGINT ignored",
          "[common][setup]") {
    // A shell starts background jobs with SIGINT ignored. A child process
    // tries it, so that this test process keeps its own signals as they were.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::signal(SIGINT, SIG_IGN);
        http::install_shutdown_signals();
        ::kill(::getpid(), SIGINT);
        pollfd shutdown{http::shutdown_signal_fd(), POLLIN, 0};
        ::_exit(::poll(&shutdown, 1, 1000) == 1 ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
