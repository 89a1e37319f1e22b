// Tests of the process-wide set-up a step's main() calls.
#include "catch.hpp"
#include "loopback.hpp"
#include "process_setup.hpp"

#include <cerrno>

#include <sys/resource.h>
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
