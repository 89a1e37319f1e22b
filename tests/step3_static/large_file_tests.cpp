// Large files: streamed from the kernel's file cache, never held in memory.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_site.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/socket.h>

using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;

// Writes a file of `size` patterned bytes, a mebibyte at a time.
void write_patterned_file(const std::filesystem::path& path, std::uint64_t size) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    for (std::uint64_t offset = 0; offset < size; offset += kMiB) {
        const std::string chunk = test::patterned_bytes(static_cast<std::size_t>(std::min(kMiB, size - offset)), offset);
        file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    }
    REQUIRE(file);
}

// What a download saw. Bodies are compared as they arrive, so the test
// itself never holds a large file in memory either.
struct Download {
    int status = 0;
    std::uint64_t content_length = 0;
    std::uint64_t received = 0;
    bool body_matches = true;
};

// GETs `target` and compares the body with the pattern, chunk by chunk.
Download download_patterned(std::uint16_t port, const std::string& target) {
    test::Client client(port);
    client.send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    Download result;
    std::string head;
    bool in_body = false;
    std::array<char, 256 * 1024> chunk{};
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd watch{.fd = client.socket().get(), .events = POLLIN, .revents = 0};
        if (::poll(&watch, 1, 1000) <= 0) {
            continue;
        }
        const ssize_t got = ::recv(client.socket().get(), chunk.data(), chunk.size(), 0);
        if (got <= 0) {
            break;
        }
        std::string_view bytes(chunk.data(), static_cast<std::size_t>(got));
        if (!in_body) {
            head.append(bytes);
            const auto head_end = head.find("\r\n\r\n");
            if (head_end == std::string::npos) {
                continue;
            }
            result.status = std::stoi(head.substr(9, 3));
            const auto length_at = head.find("Content-Length: ");
            if (length_at != std::string::npos) {
                const char* first = head.data() + length_at + 16;
                std::from_chars(first, head.data() + head.size(), result.content_length);
            }
            bytes = std::string_view(head).substr(head_end + 4);
            in_body = true;
        }
        result.body_matches = result.body_matches && test::matches_pattern(bytes, result.received);
        result.received += bytes.size();
    }
    return result;
}

}  // namespace

TEST_CASE("a 100 MiB file arrives whole and byte-identical", "[step3][large]") {
    const test::TempSite site;
    const std::uint64_t size = 100 * kMiB;
    write_patterned_file(site.root() / "big.bin", size);
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});
    const Download download = download_patterned(server.port(), "/big.bin");
    CHECK(download.status == 200);
    CHECK(download.content_length == size);
    CHECK(download.received == size);
    CHECK(download.body_matches);
}

TEST_CASE("four concurrent downloads of a 50 MiB file keep the server's memory small", "[step3][large]") {
    const test::TempSite site;
    const std::uint64_t size = 50 * kMiB;
    write_patterned_file(site.root() / "big.bin", size);
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});
    const long before_kib = server.peak_rss_kib();

    std::vector<Download> downloads(4);
    {
        std::vector<std::jthread> clients;
        for (Download& download : downloads) {
            clients.emplace_back([&download, &server] { download = download_patterned(server.port(), "/big.bin"); });
        }
    }
    for (const Download& download : downloads) {
        CHECK(download.status == 200);
        CHECK(download.received == size);
        CHECK(download.body_matches);
    }
    // 200 MiB went out, yet the server never held even one file in memory:
    // each download holds one piece of it at a time (64 KiB in step 3, 1 MiB
    // in step 4), which ThreadSanitizer's shadow memory multiplies by four.
    const long peak_kib = server.peak_rss_kib();
    CAPTURE(before_kib, peak_kib);
    CHECK(peak_kib - before_kib < static_cast<long>(size / 1024));
    if (!test::kThreadSanitizer) {
        CHECK(peak_kib < 32 * 1024);
    }
}
