// The exercises of chapter 3 (docs/3-parser-and-connection-loop.md),
// against step 1's and step 2's real binaries. Each fails until its exercise
// is done: tools/check-exercise ID.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <chrono>
#include <cstdlib>
#include <string>

#include <sys/wait.h>

using namespace std::chrono_literals;

TEST_CASE("with --timeout 1, a silent client is dropped after one second, not five",
          "[exercise][ch3-timeout-flag]") {
    SECTION("the server starts with the option, and drops a silent client in time") {
        const test::ServerProcess server(STEP1_HELLO_BINARY, {"--timeout", "1"});
        test::Client silent(server.port());
        const auto start = std::chrono::steady_clock::now();
        CHECK(silent.closed_by_peer(4s));
        CHECK(std::chrono::steady_clock::now() - start >= 900ms);
        // The next client is answered as before.
        const auto response = test::get(server.port(), "/");
        REQUIRE(response);
        CHECK(response->status == 200);
    }
    SECTION("a value that is not a whole number of seconds above 0 is refused with exit status 2") {
        for (const char* value : {"0", "abc", "-1"}) {
            CAPTURE(value);
            const std::string command = std::string(STEP1_HELLO_BINARY) + " --timeout " + value + " 0 2>/dev/null";
            const int status = std::system(command.c_str());
            REQUIRE(WIFEXITED(status));
            CHECK(WEXITSTATUS(status) == 2);
        }
    }
}

TEST_CASE("with --max-requests 2, a connection closes after its second response",
          "[exercise][ch3-max-requests]") {
    const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q", "--max-requests", "2"});
    test::Client client(server.port());
    // Three requests in one go: the connection carries two, then closes.
    const std::string request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    client.send(request + request + request);
    const auto first = client.read_response();
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->header("connection") != "close");
    const auto second = client.read_response();
    REQUIRE(second);
    CHECK(second->status == 200);
    CHECK(second->header("connection") == "close");
    CHECK(client.closed_by_peer());
}
