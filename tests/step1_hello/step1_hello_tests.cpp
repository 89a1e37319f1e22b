// End-to-end tests of step 1: the real binary, over real sockets.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <csignal>
#include <thread>
#include <utility>

using namespace std::chrono_literals;

namespace {

test::ServerProcess start_step1() {
    return test::ServerProcess(STEP1_HELLO_BINARY);
}

}  // namespace

TEST_CASE("GET of any path answers Hello, World! as HTML", "[step1]") {
    const test::ServerProcess server = start_step1();
    for (const char* path : {"/", "/index.html", "/any/path?x=1"}) {
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-type") == "text/html");
        CHECK(response->header("content-length") == "13");
        CHECK(response->body == "Hello, World!");
    }
}

TEST_CASE("every response carries Date, Server and Connection headers", "[step1]") {
    const test::ServerProcess server = start_step1();
    const auto response = test::get(server.port(), "/");
    REQUIRE(response);
    CHECK(response->header("date").ends_with(" GMT"));
    CHECK_FALSE(response->header("server").empty());
    CHECK(response->header("connection") == "close");
}

TEST_CASE("HEAD sends the GET headers and no body", "[step1]") {
    const test::ServerProcess server = start_step1();
    test::Client client(server.port());
    client.send("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto response = client.read_response(true);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->header("content-length") == "13");
    // Nothing may follow the head: the next bytes are the end of the stream.
    CHECK(client.read_until_close().empty());
}

TEST_CASE("a method other than GET and HEAD gets 405 or 501 and the connection closes", "[step1]") {
    const test::ServerProcess server = start_step1();
    for (const auto& [method, status] : {std::pair{"POST", 405}, std::pair{"PUT", 405}, std::pair{"DELETE", 405},
                                         std::pair{"BREW", 501}}) {
        test::Client client(server.port());
        client.send(std::string(method) + " / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->status == status);
        CHECK(response->header("allow") == "GET, HEAD");
        CHECK(response->header("connection") == "close");
        CHECK(client.closed_by_peer());
    }
}

TEST_CASE("garbage gets 400 and the server still answers the next client", "[step1]") {
    const test::ServerProcess server = start_step1();
    const std::string tls_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
    for (const std::string& garbage : {std::string("GARBAGE\r\n\r\n"), std::string("GET\r\n\r\n"),
                                       std::string("GET / HTTP/1.1 extra\r\n\r\n"), tls_hello}) {
        const auto response = test::send_request(server.port(), garbage);
        REQUIRE(response);
        CHECK(response->status == 400);
        CHECK(response->header("connection") == "close");
    }
    const auto after = test::get(server.port(), "/");
    REQUIRE(after);
    CHECK(after->body == "Hello, World!");
}

TEST_CASE("HTTP/2 and later in a request line get 505", "[step1]") {
    const test::ServerProcess server = start_step1();
    const auto response = test::send_request(server.port(), "GET / HTTP/2.0\r\nHost: localhost\r\n\r\n");
    REQUIRE(response);
    CHECK(response->status == 505);
}

TEST_CASE("a request that arrives one byte at a time is answered", "[step1]") {
    const test::ServerProcess server = start_step1();
    test::Client client(server.port());
    for (const char c : std::string("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")) {
        client.send(std::string(1, c));
        std::this_thread::sleep_for(1ms);
    }
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == "Hello, World!");
}

TEST_CASE("step 1 answers one request per connection, even a keep-alive one", "[step1]") {
    const test::ServerProcess server = start_step1();
    test::Client client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto first = client.read_response();
    REQUIRE(first);
    CHECK(first->body == "Hello, World!");
    CHECK(first->header("connection") == "close");
    // The pipelined second request is not answered: the server closed.
    CHECK(client.read_until_close().empty());
}

TEST_CASE("a silent client is dropped after the request timeout", "[step1]") {
    const test::ServerProcess server = start_step1();
    test::Client silent(server.port());
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(silent.closed_by_peer(10s));
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= 4s);
    CHECK(waited < 8s);
    // With the silent client gone, the next client is served.
    const auto response = test::get(server.port(), "/");
    REQUIRE(response);
    CHECK(response->status == 200);
}

TEST_CASE("a partial request gets 408 when the timeout passes", "[step1]") {
    const test::ServerProcess server = start_step1();
    test::Client client(server.port());
    client.send("GET / HTTP/1.1\r\nHost: loc");
    const auto response = client.read_response(false, 10s);
    REQUIRE(response);
    CHECK(response->status == 408);
    CHECK(client.closed_by_peer());
}

TEST_CASE("SIGINT and SIGTERM stop the server with exit status 0", "[step1]") {
    const int signal = GENERATE(SIGINT, SIGTERM);
    test::ServerProcess server = start_step1();
    SECTION("while idle") {
        CHECK(server.stop(signal, 1s) == 0);
    }
    SECTION("while a client holds half a request") {
        test::Client client(server.port());
        client.send("GET / HTT");
        std::this_thread::sleep_for(100ms);
        CHECK(server.stop(signal, 1s) == 0);
    }
}

TEST_CASE("each request is logged in Common Log Format, and -q silences it", "[step1]") {
    SECTION("logged") {
        test::ServerProcess server(STEP1_HELLO_BINARY);
        REQUIRE(test::get(server.port(), "/logged"));
        server.stop(SIGTERM, 1s);
        const std::string log = server.stderr_output();
        CHECK(log.find("127.0.0.1 - - [") == 0);
        CHECK(log.find("] \"GET /logged HTTP/1.1\" 200 13\n") != std::string::npos);
    }
    SECTION("quiet") {
        test::ServerProcess server(STEP1_HELLO_BINARY, {"-q"});
        REQUIRE(test::get(server.port(), "/"));
        server.stop(SIGTERM, 1s);
        CHECK(server.stderr_output().empty());
    }
}
