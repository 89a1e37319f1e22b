// The exercises of chapter 4 (docs/4-step2-threaded.md), against step 2's
// real binary. Each fails until its exercise is done: tools/check-exercise ID.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

// The thread ids of the server's threads, other than its main thread.
std::set<std::string> worker_thread_ids(const test::ServerProcess& server) {
    std::set<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(server.pid()) + "/task")) {
        const std::string id = entry.path().filename().string();
        if (id != std::to_string(server.pid())) {
            ids.insert(id);
        }
    }
    return ids;
}

constexpr std::string_view kKeepAliveRequest = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

}  // namespace

TEST_CASE("GET /threads answers how many connection threads run, its own included", "[exercise][ch4-thread-count]") {
    const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q"});
    // Three clients, each answered once and keeping its connection open:
    // each has a thread serving it.
    std::vector<test::Client> open;
    for (int i = 0; i < 3; ++i) {
        open.emplace_back(server.port());
        open.back().send(kKeepAliveRequest);
        REQUIRE(open.back().read_response());
    }
    const auto response = test::get(server.port(), "/threads");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->header("content-type").starts_with("text/plain"));
    CHECK((response->body == "4" || response->body == "4\n"));
    // Once those clients leave, their threads end and are no longer counted.
    open.clear();
    std::this_thread::sleep_for(500ms);
    const auto later = test::get(server.port(), "/threads");
    REQUIRE(later);
    CHECK((later->body == "1" || later->body == "1\n"));
}

TEST_CASE("twenty clients one after the other are served by threads that are reused",
          "[exercise][ch4-thread-pool]") {
    const test::ServerProcess server(STEP2_THREADED_BINARY, {"-q"});
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) {
        {
            test::Client client(server.port());
            client.send(kKeepAliveRequest);
            REQUIRE(client.read_response());
            // The connection is still open: the thread serving it runs now.
            const std::set<std::string> now = worker_thread_ids(server);
            seen.insert(now.begin(), now.end());
        }
        // The client has left; give its thread a moment to be free again.
        std::this_thread::sleep_for(50ms);
    }
    INFO("distinct thread ids seen: " << seen.size());
    // A thread per connection would show twenty; a pool, the same few.
    CHECK(seen.size() < 10);
    // And the server still answers.
    const auto response = test::get(server.port(), "/");
    REQUIRE(response);
    CHECK(response->body == "Hello, World!");
}
