// End-to-end tests of step 2: the real binary, over real sockets. Step 2
// serves each connection on a thread of its own and keeps connections open
// for more requests; step 1's behaviours that it keeps are repeated at the end.
#include "catch.hpp"
#include "eventually.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <atomic>
#include <csignal>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kHello = "Hello, World!";
const std::string kGet = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

test::ServerProcess start_step2(std::vector<std::string> arguments = {}) {
    return test::ServerProcess(STEP2_THREADED_BINARY, std::move(arguments));
}

// The server's thread count with no client connected, once a first request
// has been served (ThreadSanitizer starts a thread of its own by then).
int threads_when_idle(const test::ServerProcess& server) {
    REQUIRE(test::get(server.port(), "/"));
    int previous = -1;
    int now = server.thread_count();
    const auto deadline = Clock::now() + 3s;
    while (now != previous && Clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
        previous = std::exchange(now, server.thread_count());
    }
    return now;
}

// How long a client waits for its answer from `binary` while another client,
// connected first, holds its connection open and sends nothing.
Clock::duration wait_beside_a_silent_client(const char* binary) {
    const test::ServerProcess server(binary);
    const test::Client silent(server.port());
    test::Client client(server.port());
    const auto start = Clock::now();
    client.send(kGet);
    const auto response = client.read_response(false, 10s);
    const auto waited = Clock::now() - start;
    REQUIRE(response);
    CHECK(response->body == kHello);
    return waited;
}

}  // namespace

TEST_CASE("a silent client makes the next client wait on step 1 but not on step 2", "[step2][threads]") {
    // Step 1 serves one connection at a time: the second client is answered
    // only when the silent one is dropped, after the request timeout (5 s).
    CHECK(wait_beside_a_silent_client(STEP1_HELLO_BINARY) >= 4s);
    // Step 2 gives the silent client a thread of its own, and the second
    // client another: nobody waits for anybody.
    CHECK(wait_beside_a_silent_client(STEP2_THREADED_BINARY) < 1s);
}

TEST_CASE("200 concurrent clients each get 20 correct answers on their keep-alive connection", "[step2][load]") {
    const test::ServerProcess server = start_step2({"-q"});
    constexpr int kClients = test::load_count(200);
    constexpr int kRequests = 20;
    // Every client stops at this deadline, so a stuck server fails the test
    // instead of hanging it.
    const auto deadline = Clock::now() + 30s;
    std::atomic<int> correct{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
        clients.emplace_back([&, c] {
            try {
                test::Client client(server.port());
                for (int r = 0; r < kRequests && Clock::now() < deadline; ++r) {
                    client.send("GET /client/" + std::to_string(c) + "/request/" + std::to_string(r) +
                                " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    const auto response = client.read_response(false, 10s);
                    if (!response || response->status != 200 || response->body != kHello ||
                        response->header("connection") != "keep-alive") {
                        return;
                    }
                    ++correct;
                }
            } catch (const std::exception&) {
                // A refused or reset connection: its answers are counted as missing.
            }
        });
    }
    for (std::thread& client : clients) {
        client.join();
    }
    CHECK(correct == kClients * kRequests);
}

TEST_CASE("with 1,000 idle connections open, a new client is still answered promptly", "[step2][load]") {
    const test::ServerProcess server = start_step2({"-q"});
    constexpr int kIdle = test::load_count(1000);
    const int threads = threads_when_idle(server);
    std::vector<test::Client> idle;
    idle.reserve(kIdle);
    for (int i = 0; i < kIdle; ++i) {
        idle.emplace_back(server.port());
    }
    // Each idle connection holds a thread of the server.
    REQUIRE(test::eventually([&] { return server.thread_count() >= threads + kIdle; }, 4s));
    const auto start = Clock::now();
    const auto response = test::get(server.port(), "/");
    CHECK(Clock::now() - start < 1s);
    REQUIRE(response);
    CHECK(response->body == kHello);
}

TEST_CASE("pipelined requests sent in one write are answered in order", "[step2][keep-alive]") {
    test::ServerProcess server = start_step2();
    test::Client client(server.port());
    // GET and HEAD alternate: a HEAD answer has no body, so answers out of
    // order would not read back as the requests expect.
    constexpr int kPipelined = 10;
    std::string pipeline;
    for (int i = 0; i < kPipelined; ++i) {
        pipeline += std::string(i % 2 == 0 ? "GET" : "HEAD") + " /" + std::to_string(i) +
                    " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }
    pipeline += "GET /last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    client.send(pipeline);
    for (int i = 0; i < kPipelined; ++i) {
        const bool head = i % 2 == 1;
        const auto response = client.read_response(head);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-length") == "13");
        CHECK(response->header("connection") == "keep-alive");
        CHECK(response->body == (head ? "" : kHello));
    }
    const auto last = client.read_response();
    REQUIRE(last);
    CHECK(last->body == kHello);
    CHECK(last->header("connection") == "close");
    CHECK(client.closed_by_peer());
    // The access log lists the requests in the order they were sent.
    REQUIRE(server.stop(SIGTERM, 2s) == 0);
    const std::string log = server.stderr_output();
    std::size_t at = 0;
    for (int i = 0; i < kPipelined; ++i) {
        at = log.find(" /" + std::to_string(i) + " HTTP/1.1\"", at);
        CHECK(at != std::string::npos);
    }
    CHECK(log.find("\"GET /last HTTP/1.1\"", at) != std::string::npos);
}

TEST_CASE("one keep-alive connection carries 100 requests", "[step2][keep-alive]") {
    const test::ServerProcess server = start_step2({"-q"});
    test::Client client(server.port());
    int answered = 0;
    for (int i = 0; i < 100; ++i) {
        client.send("GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const auto response = client.read_response();
        if (!response || response->body != kHello || response->header("connection") != "keep-alive") {
            break;
        }
        ++answered;
    }
    CHECK(answered == 100);
}

TEST_CASE("Connection: close and HTTP/1.0 end the connection after one response", "[step2][keep-alive]") {
    const std::string request = GENERATE(as<std::string>{},  //
                                          "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                          "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: Close\r\n\r\n",
                                          "GET / HTTP/1.0\r\n\r\n",  //
                                          "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");
    const test::ServerProcess server = start_step2();
    test::Client client(server.port());
    // A second request follows at once; it must go unanswered.
    client.send(request + kGet);
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == kHello);
    CHECK(response->header("connection") == "close");
    CHECK(client.closed_by_peer());
}

TEST_CASE("HTTP/1.0 with Connection: keep-alive keeps the connection open", "[step2][keep-alive]") {
    const test::ServerProcess server = start_step2();
    test::Client client(server.port());
    for (int i = 0; i < 3; ++i) {
        client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->body == kHello);
        CHECK(response->header("connection") == "keep-alive");
    }
}

TEST_CASE("an idle keep-alive connection is closed after the request timeout", "[step2][keep-alive]") {
    const test::ServerProcess server = start_step2();
    test::Client client(server.port());
    client.send(kGet);
    const auto response = client.read_response();
    REQUIRE(response);
    REQUIRE(response->header("connection") == "keep-alive");
    const auto start = Clock::now();
    // Closed without a word: an idle connection between requests gets no 408.
    REQUIRE(client.closed_by_peer(10s));
    const auto waited = Clock::now() - start;
    CHECK(waited >= 4s);
    CHECK(waited < 8s);
}

TEST_CASE("past --max-connections a client gets 503 with Retry-After, and is served once a slot frees",
          "[step2][limit]") {
    const test::ServerProcess server = start_step2({"--max-connections", "2"});
    std::optional<test::Client> first(std::in_place, server.port());
    test::Client second(server.port());
    for (test::Client* client : {&*first, &second}) {
        client->send(kGet);
        REQUIRE(client->read_response());
    }
    const auto refused = test::get(server.port(), "/");
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(refused->header("retry-after") == "1");
    CHECK(refused->header("connection") == "close");
    // The refusal disturbs nobody already in.
    second.send(kGet);
    const auto still = second.read_response();
    REQUIRE(still);
    CHECK(still->status == 200);
    // Once a client leaves, its slot serves the next one.
    first.reset();
    CHECK(test::eventually(
        [&] {
            const auto response = test::get(server.port(), "/");
            return response && response->status == 200;
        },
        2s));
}

TEST_CASE("SIGINT and SIGTERM exit 0 within 2 seconds while clients hold connections open", "[step2][shutdown]") {
    const int signal = GENERATE(SIGINT, SIGTERM);
    test::ServerProcess server = start_step2();
    const int threads = threads_when_idle(server);
    std::vector<test::Client> idle;
    for (int i = 0; i < 5; ++i) {
        idle.emplace_back(server.port());
    }
    test::Client between_requests(server.port());
    between_requests.send(kGet);
    REQUIRE(between_requests.read_response());
    test::Client mid_request(server.port());
    mid_request.send("GET / HTTP/1.1\r\nHost: loc");
    // Every connection has its thread.
    REQUIRE(test::eventually([&] { return server.thread_count() == threads + 7; }, 3s));
    CHECK(server.stop(signal, 2s) == 0);
    CHECK(between_requests.closed_by_peer(1s));
    CHECK(mid_request.closed_by_peer(1s));
    for (test::Client& client : idle) {
        CHECK(client.closed_by_peer(1s));
    }
}

// Step 1's behaviours, which step 2 keeps.

TEST_CASE("step 2 answers GET of any path with Hello, World! as HTML", "[step2]") {
    const test::ServerProcess server = start_step2();
    for (const char* path : {"/", "/index.html", "/any/path?x=1"}) {
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-type") == "text/html");
        CHECK(response->header("content-length") == "13");
        CHECK(response->header("date").ends_with(" GMT"));
        CHECK_FALSE(response->header("server").empty());
        CHECK(response->body == kHello);
    }
}

TEST_CASE("step 2 answers HEAD with the GET headers and no body", "[step2]") {
    const test::ServerProcess server = start_step2();
    test::Client client(server.port());
    // A GET follows on the same connection: a stray body after the HEAD
    // answer would be read as the start of the next answer.
    client.send("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n" + kGet);
    const auto head = client.read_response(true);
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->header("content-length") == "13");
    const auto get = client.read_response();
    REQUIRE(get);
    CHECK(get->status == 200);
    CHECK(get->body == kHello);
}

TEST_CASE("step 2 answers POST with 405 and Allow", "[step2]") {
    const test::ServerProcess server = start_step2();
    test::Client client(server.port());
    client.send("POST / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 405);
    CHECK(response->header("allow") == "GET, HEAD");
}

TEST_CASE("step 2 announces its idle timeout in Keep-Alive", "[step2]") {
    const test::ServerProcess server = start_step2();
    test::Client client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->header("connection") == "keep-alive");
    CHECK(response->header("keep-alive") == "timeout=5");
}

TEST_CASE("step 2 answers OPTIONS * and CONNECT host:port with 405", "[step2]") {
    const test::ServerProcess server = start_step2();
    for (const char* line : {"OPTIONS * HTTP/1.1", "CONNECT example.com:443 HTTP/1.1"}) {
        const auto response = test::send_request(server.port(), std::string(line) + "\r\nHost: localhost\r\n\r\n");
        REQUIRE(response);
        CHECK(response->status == 405);
        CHECK(response->header("allow") == "GET, HEAD");
    }
}

TEST_CASE("step 2 refuses GET *, an empty host and a user name in the target with 400", "[step2]") {
    const test::ServerProcess server = start_step2();
    for (const char* target : {"*", "http:///", "http://u:p@localhost/"}) {
        const auto response = test::send_request(server.port(),
                                                 "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        REQUIRE(response);
        CHECK(response->status == 400);
        CHECK(response->header("connection") == "close");
    }
}

TEST_CASE("step 2 answers an unknown method with 501 and closes", "[step2]") {
    const test::ServerProcess server = start_step2();
    for (const char* method : {"BREW", "get"}) {
        test::Client client(server.port());
        client.send(std::string(method) + " / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->status == 501);
        CHECK(response->header("allow") == "GET, HEAD");
        CHECK(response->header("connection") == "close");
        CHECK(client.closed_by_peer());
    }
}

TEST_CASE("step 2 answers garbage with 400, closes, and still answers the next client", "[step2]") {
    const test::ServerProcess server = start_step2();
    const std::string tls_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    for (const std::string& garbage : {std::string("GARBAGE\r\n\r\n"), std::string("GET\r\n\r\n"),
                                       std::string("GET / HTTP/1.1 extra\r\n\r\n"), tls_hello}) {
        test::Client client(server.port());
        client.send(garbage);
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->status == 400);
        CHECK(response->header("connection") == "close");
        CHECK(client.closed_by_peer());
    }
    const auto after = test::get(server.port(), "/");
    REQUIRE(after);
    CHECK(after->body == kHello);
}
