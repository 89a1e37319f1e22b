// What only a server on one thread can get wrong: a client that stops
// reading, one that trickles its request, or one that downloads a large
// file must not hold up anyone else, and thousands of idle connections
// must cost little. The bounds on answer times are generous: they tell a
// blocked loop (seconds) from a working one (milliseconds), on a busy machine.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_site.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kPage = "<!DOCTYPE html><title>small</title><p>A small page.</p>\n";
constexpr std::uint64_t kMiB = 1024 * 1024;
// An answer slower than this means the loop was blocked.
constexpr auto kPrompt = 500ms;

// A site with a small page and a file of `large_mib` MiB, served by step 4.
struct ServedSite {
    explicit ServedSite(std::uint64_t large_mib) {
        site.write("index.html", kPage);
        std::ofstream large(site.root() / "large.bin", std::ios::binary);
        for (std::uint64_t offset = 0; offset < large_mib * kMiB; offset += kMiB) {
            const std::string chunk = test::patterned_bytes(kMiB, offset);
            large.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        }
        REQUIRE(large.flush());
    }

    test::TempSite site;
};

// How long a new client waits for the small page; fails the test if the
// answer is wrong.
Clock::duration time_to_answer(std::uint16_t port) {
    const auto start = Clock::now();
    const auto response = test::get(port, "/index.html");
    const auto took = Clock::now() - start;
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == kPage);
    return took;
}

std::string large_request(bool close = true) {
    return std::string("GET /large.bin HTTP/1.1\r\nHost: localhost\r\n") + (close ? "Connection: close\r\n" : "") +
           "\r\n";
}

}  // namespace

TEST_CASE("a client that stops reading a large file holds up no other client", "[step4][one-thread]") {
    const ServedSite served(16);
    const test::ServerProcess server(STEP4_EVENT_LOOP_BINARY, {"-q", "-d", served.site.root().string()});
    test::Client stalled(server.port());
    stalled.send(large_request());
    // Long enough for the server to fill the socket buffers and find the
    // client not reading.
    std::this_thread::sleep_for(200ms);
    for (int i = 0; i < 20; ++i) {
        CHECK(time_to_answer(server.port()) < kPrompt);
    }
}

TEST_CASE("a client that trickles its request a byte at a time holds up no other client", "[step4][one-thread]") {
    const ServedSite served(1);
    const test::ServerProcess server(STEP4_EVENT_LOOP_BINARY, {"-q", "-d", served.site.root().string()});
    test::Client trickling(server.port());
    const std::string request = "GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    for (const char byte : request) {
        trickling.send(std::string_view(&byte, 1));
        CHECK(time_to_answer(server.port()) < kPrompt);
    }
    // The trickling client is answered too, once its head is whole.
    const auto response = trickling.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == kPage);
}

TEST_CASE("while a 100 MiB download is in progress, other clients are answered within milliseconds",
          "[step4][one-thread]") {
    const ServedSite served(100);
    const test::ServerProcess server(STEP4_EVENT_LOOP_BINARY, {"-q", "-d", served.site.root().string()});
    std::atomic<bool> done = false;
    std::uint64_t received = 0;
    bool body_matches = true;
    // The downloader reads steadily but not at full speed, so that the
    // download lasts a while; it checks every byte as it arrives.
    std::thread downloader([&] {
        test::Client client(server.port());
        client.send(large_request());
        std::string head;
        std::array<char, 256 * 1024> chunk{};
        const auto deadline = Clock::now() + 60s;
        while (Clock::now() < deadline) {
            const ssize_t got = ::recv(client.socket().get(), chunk.data(), chunk.size(), 0);
            if (got <= 0) {
                break;
            }
            std::string_view bytes(chunk.data(), static_cast<std::size_t>(got));
            if (head.find("\r\n\r\n") == std::string::npos) {
                head.append(bytes);
                const auto end = head.find("\r\n\r\n");
                if (end == std::string::npos) {
                    continue;
                }
                bytes = std::string_view(head).substr(end + 4);
            }
            body_matches = body_matches && test::matches_pattern(bytes, received);
            received += bytes.size();
            std::this_thread::sleep_for(1ms);
        }
        done = true;
    });
    int answered_during = 0;
    while (!done && answered_during < 200) {
        CHECK(time_to_answer(server.port()) < kPrompt);
        answered_during += done ? 0 : 1;
    }
    downloader.join();
    CHECK(answered_during > 0);
    CHECK(received == 100 * kMiB);
    CHECK(body_matches);
}

TEST_CASE("ten thousand idle keep-alive connections are held on one thread while a new client is answered",
          "[step4][one-thread]") {
    // All must be made within the request timeout (5 s), after which the
    // first would be closed as idle: under a sanitizer, fewer.
#if defined(TEST_ADDRESS_SANITIZER)
    constexpr int kIdle = 2'000;
#else
    constexpr int kIdle = test::load_count(10'000);
#endif
    // The test process holds one end of every connection: raise its own
    // descriptor limit, as the server raises its own.
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
    REQUIRE(limit.rlim_cur > static_cast<rlim_t>(kIdle + 100));

    const ServedSite served(1);
    const test::ServerProcess server(STEP4_EVENT_LOOP_BINARY,
                                     {"-q", "-d", served.site.root().string(), "--max-connections", "20000"});
    std::vector<test::Client> idle;
    idle.reserve(kIdle);
    const auto start = Clock::now();
    // A hundred at a time: all connect and ask, then all read their answers,
    // so that a busy machine still makes them all in time.
    constexpr int kBatch = 100;
    while (idle.size() < static_cast<std::size_t>(kIdle) && Clock::now() < start + 4s) {
        const std::size_t first = idle.size();
        for (int i = 0; i < kBatch && idle.size() < static_cast<std::size_t>(kIdle); ++i) {
            idle.emplace_back(server.port());
            idle.back().send("GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        for (std::size_t i = first; i < idle.size(); ++i) {
            const auto response = idle[i].read_response();
            REQUIRE(response);
            REQUIRE(response->status == 200);
        }
    }
    // Within the request timeout (5 s), every one is still open and idle.
    REQUIRE(idle.size() == static_cast<std::size_t>(kIdle));
    CHECK(time_to_answer(server.port()) < kPrompt);
    std::vector<pollfd> watched;
    for (const test::Client& client : idle) {
        watched.push_back({.fd = client.socket().get(), .events = POLLIN, .revents = 0});
    }
    CHECK(::poll(watched.data(), watched.size(), 0) == 0);
    CHECK(server.thread_count() == 1);
    const long rss_kib = server.peak_rss_kib();
    WARN("peak RSS with " << kIdle << " idle connections: " << rss_kib / 1024 << " MiB");
#if !defined(TEST_ADDRESS_SANITIZER)
    if (!test::kThreadSanitizer) {
        CHECK(rss_kib < 64 * 1024);
    }
#endif
}
