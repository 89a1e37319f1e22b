// The exercises of chapter 7 (docs/7-performance.md), against the real
// binaries of steps 1 and 3. Each fails until its exercise is done:
// tools/check-exercise ID.
#include "../step3_static/temp_site.hpp"
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <chrono>
#include <regex>
#include <string>
#include <system_error>
#include <thread>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// The milliseconds that a Server-Timing value "handler;dur=MS" gives, or a
// failed check when the value has another form.
double handler_duration_ms(const std::string& server_timing) {
    static const std::regex form(R"(handler;dur=([0-9]+(\.[0-9]+)?))");
    std::smatch parts;
    INFO("Server-Timing: '" << server_timing << "'");
    REQUIRE(std::regex_match(server_timing, parts, form));
    return std::stod(parts[1].str());
}

}  // namespace

TEST_CASE("every answer of step 3's handler says how long the handler took, in Server-Timing",
          "[exercise][ch7-server-timing]") {
    const test::TempSite site;
    site.write("index.html", "<p>home</p>");
    // A listing of many files keeps the handler busy for a measurable time.
    for (int i = 0; i < 2000; ++i) {
        site.write("many/file-" + std::to_string(i) + ".txt", "x");
    }
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});
    SECTION("a file, and a page that is not there") {
        for (const char* path : {"/index.html", "/missing.html"}) {
            CAPTURE(path);
            const auto response = test::get(server.port(), path);
            REQUIRE(response);
            handler_duration_ms(response->header("server-timing"));
        }
    }
    SECTION("the time is in milliseconds: more than 0, and less than the whole exchange took") {
        const auto start = Clock::now();
        const auto response = test::get(server.port(), "/many/");
        const double exchange_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        REQUIRE(response);
        CHECK(response->status == 200);
        const double handler_ms = handler_duration_ms(response->header("server-timing"));
        INFO("the client waited " << exchange_ms << " ms in all");
        CHECK(handler_ms > 0);
        CHECK(handler_ms < exchange_ms);
    }
}

TEST_CASE("step 1 closes at once after a client that asked to close, so the next is served without waiting",
          "[exercise][ch7-close-at-once]") {
    const test::ServerProcess server(STEP1_HELLO_BINARY, {"-q"});
    SECTION("a client that asked to close, read its answer and stays connected holds no one up") {
        test::Client first(server.port());
        first.send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        const auto answer = first.read_response();
        REQUIRE(answer);
        CHECK(answer->status == 200);
        CHECK(answer->header("connection") == "close");
        // `first` neither sends nor closes. The lingering close would wait
        // for it up to kLingerTimeout (2 s), and step 1 serves one client
        // at a time.
        const auto start = Clock::now();
        const auto next = test::get(server.port(), "/");
        const auto took = Clock::now() - start;
        REQUIRE(next);
        CHECK(next->body == "Hello, World!");
        INFO("the next client waited " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                       << " ms");
        CHECK(took < 1s);
    }
    SECTION("a client that asked to close but sends more after its request is still read, not reset") {
        // Unread bytes make close() reset the connection; then this
        // client's sending fails. The server must linger here, as before.
        test::Client client(server.port());
        bool sent_all = false;
        std::thread sender([&client, &sent_all] {
            try {
                client.send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" +
                            std::string(4 * 1024 * 1024, 'x'));
                sent_all = true;
            } catch (const std::system_error&) {
                // ECONNRESET: the server closed without reading.
            }
        });
        const auto answer = client.read_response();
        sender.join();
        REQUIRE(answer);
        CHECK(answer->body == "Hello, World!");
        CHECK(sent_all);
    }
}
