// Tests of serve_connection(): the keep-alive loop, run on a thread over a
// real loopback connection, driven by a test client.
#include "captured_output.hpp"
#include "catch.hpp"
#include "connection.hpp"
#include "http_client.hpp"
#include "loopback.hpp"
#include "process_setup.hpp"
#include "request_parser.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <memory>
#include <string>
#include <thread>

#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

constexpr std::string_view kFileContents = "The contents of a file, streamed by the connection.\n";

// Answers with the path it was asked for; /throw throws, /missing is a
// 404, /file sends a file.
http::HttpResponse echo_path(const http::HttpRequest& request) {
    if (request.path() == "/throw") {
        throw std::runtime_error("the handler failed");
    }
    if (request.path() == "/missing") {
        return http::error_response(404, "No such page.");
    }
    if (request.path() == "/file") {
        http::HttpResponse response;
        response.content_type = "text/plain";
        const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                           ("connection_tests_" + std::to_string(::getpid()));
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (file == nullptr) {
            throw std::runtime_error("cannot create the test file");
        }
        std::fwrite(kFileContents.data(), 1, kFileContents.size(), file);
        std::fclose(file);
        response.file.file = http::FileDescriptor(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        response.file.size = kFileContents.size();
        std::filesystem::remove(path);  // the open descriptor keeps the bytes readable
        return response;
    }
    return http::HttpResponse::with_body(200, "text/plain", "path=" + std::string(request.path()));
}

// One connection served by serve_connection() on its own thread, and the
// test's client end of it. The server thread is joined when the test ends.
class ServedConnection {
public:
    explicit ServedConnection(http::ConnectionOptions options = quiet_options())
        : options_(std::move(options)),
          listener_(http::Socket::listen("127.0.0.1", 0)),
          client_(listener_.local_port()) {
        http::AcceptedSocket accepted = test::accept_from(listener_);
        // A slot whose end the test watches: it goes when the connection ends.
        std::shared_ptr<void> slot = std::make_shared<int>(0);
        slot_ = slot;
        http::ClientConnection connection{std::move(accepted.socket), std::move(accepted.peer_address),
                                          std::move(slot)};
        server_ = std::thread([this, connection = std::move(connection)]() mutable {
            http::serve_connection(std::move(connection), echo_path, options_);
        });
    }
    ServedConnection(const ServedConnection&) = delete;
    ServedConnection& operator=(const ServedConnection&) = delete;

    ~ServedConnection() {
        // Whatever the test left open, end it so the server thread returns.
        ::shutdown(client_.socket().get(), SHUT_RDWR);
        server_.join();
    }

    test::Client& client() { return client_; }

    // Sends SIGTERM to the serving thread alone. The test must have called
    // install_shutdown_signals() first, so that the thread blocks it.
    void ask_server_thread_to_stop() { REQUIRE(::pthread_kill(server_.native_handle(), SIGTERM) == 0); }

    // True once the server thread has returned and given its slot back.
    bool finished_within(std::chrono::seconds timeout) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!slot_.expired()) {
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }

    static http::ConnectionOptions quiet_options() { return http::ConnectionOptions{.log_requests = false}; }

private:
    http::ConnectionOptions options_;
    std::weak_ptr<void> slot_;
    http::Socket listener_;
    test::Client client_;
    std::thread server_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

}  // namespace

TEST_CASE("a keep-alive connection serves several requests in turn", "[common][connection]") {
    ServedConnection served;
    for (const char* target : {"/one", "/two", "/three"}) {
        served.client().send(get(target));
        const auto response = served.client().read_response();
        REQUIRE(response.has_value());
        CHECK(response->status == 200);
        CHECK(response->body == "path=" + std::string(target));
        CHECK(response->header("connection") == "keep-alive");
        CHECK(response->header("content-length") == std::to_string(response->body.size()));
        CHECK(response->header("content-type") == "text/plain");
        CHECK(response->header("server") == "http-from-scratch");
        CHECK(response->header("date").ends_with(" GMT"));
    }
}

TEST_CASE("pipelined requests sent at once are answered in order", "[common][connection]") {
    ServedConnection served;
    served.client().send(get("/1") + get("/2") + "HEAD /3 HTTP/1.1\r\nHost: test\r\n\r\n" + get("/4"));
    for (const char* target : {"/1", "/2", "/3", "/4"}) {
        const bool head = std::string_view(target) == "/3";
        const auto response = served.client().read_response(head);
        REQUIRE(response.has_value());
        CHECK(response->status == 200);
        CHECK(response->body == (head ? "" : "path=" + std::string(target)));
    }
}

TEST_CASE("Connection: close ends the connection after one response", "[common][connection]") {
    ServedConnection served;
    served.client().send(get("/a", "Connection: close\r\n") + get("/not-answered"));
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->body == "path=/a");
    CHECK(response->header("connection") == "close");
    CHECK(served.client().closed_by_peer());
    CHECK(served.finished_within(5s));
}

TEST_CASE("an HTTP/1.0 request without keep-alive ends the connection", "[common][connection]") {
    ServedConnection served;
    served.client().send("GET /old HTTP/1.0\r\n\r\n");
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->body == "path=/old");
    CHECK(response->header("connection") == "close");
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("an HTTP/1.0 request with Connection: keep-alive keeps it open", "[common][connection]") {
    ServedConnection served;
    served.client().send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const auto first = served.client().read_response();
    REQUIRE(first.has_value());
    CHECK(first->header("connection") == "keep-alive");
    served.client().send("GET /b HTTP/1.0\r\n\r\n");
    const auto second = served.client().read_response();
    REQUIRE(second.has_value());
    CHECK(second->body == "path=/b");
    CHECK(second->header("connection") == "close");
}

TEST_CASE("with keep_alive off in the options, every connection ends after one response", "[common][connection]") {
    http::ConnectionOptions options = ServedConnection::quiet_options();
    options.keep_alive = false;
    ServedConnection served(options);
    served.client().send(get("/a") + get("/b"));
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->body == "path=/a");
    CHECK(response->header("connection") == "close");
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("a HEAD response has the GET response's headers and no body", "[common][connection]") {
    ServedConnection served;
    served.client().send("HEAD /page HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto head = served.client().read_response(true);
    REQUIRE(head.has_value());
    CHECK(head->status == 200);
    CHECK(head->header("content-length") == std::to_string(std::string("path=/page").size()));
    CHECK(head->body.empty());
    // Had a body followed the head, this response would start with it.
    served.client().send(get("/after"));
    const auto next = served.client().read_response();
    REQUIRE(next.has_value());
    CHECK(next->status_line == "HTTP/1.1 200 OK");
    CHECK(next->body == "path=/after");
}

TEST_CASE("a method HTTP defines but we do not serve gets 405 with Allow, and the connection closes",
          "[common][connection]") {
    ServedConnection served;
    const char* method = GENERATE("POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH");
    served.client().send(std::string(method) + " / HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->status == 405);
    CHECK(response->header("allow") == "GET, HEAD");
    CHECK(response->header("connection") == "close");
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("an unknown method gets 501 with Allow, and the connection closes", "[common][connection]") {
    ServedConnection served;
    const char* method = GENERATE("BREW", "get", "M-SEARCH");
    served.client().send(std::string(method) + " / HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->status == 501);
    CHECK(response->header("allow") == "GET, HEAD");
    CHECK(response->header("connection") == "close");
    CHECK(response->body.find(method) != std::string::npos);
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("a request with a body is answered, then the connection closes", "[common][connection]") {
    ServedConnection served;
    // The body looks like a request: it must not be answered as one.
    const std::string body = "GET /smuggled HTTP/1.1\r\nHost: test\r\n\r\n";
    served.client().send(get("/with-body", "Content-Length: " + std::to_string(body.size()) + "\r\n") + body);
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->body == "path=/with-body");
    CHECK(response->header("connection") == "close");
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("an error page from the handler keeps the connection open", "[common][connection]") {
    ServedConnection served;
    served.client().send(get("/missing") + get("/next"));
    const auto missing = served.client().read_response();
    REQUIRE(missing.has_value());
    CHECK(missing->status == 404);
    CHECK(missing->header("connection") == "keep-alive");
    const auto next = served.client().read_response();
    REQUIRE(next.has_value());
    CHECK(next->body == "path=/next");
}

TEST_CASE("a handler that throws gives 500 and the connection goes on", "[common][connection]") {
    ServedConnection served;
    served.client().send(get("/throw"));
    const auto failed = served.client().read_response();
    REQUIRE(failed.has_value());
    CHECK(failed->status == 500);
    CHECK(failed->header("content-type") == "text/html; charset=utf-8");
    CHECK(failed->body.find("the handler failed") == std::string::npos);  // no internals to the client
    served.client().send(get("/fine"));
    const auto next = served.client().read_response();
    REQUIRE(next.has_value());
    CHECK(next->status == 200);
    CHECK(next->body == "path=/fine");
}

TEST_CASE("a bad request gets 400, Connection: close, and nothing after it is answered", "[common][connection]") {
    ServedConnection served;
    served.client().send("GARBAGE\r\n\r\n" + get("/after"));
    const std::string everything = served.client().read_until_close();
    CHECK(everything.starts_with("HTTP/1.1 400 Bad Request\r\n"));
    CHECK(everything.find("\r\nConnection: close\r\n") != std::string::npos);
    CHECK(everything.find("HTTP/1.1 200") == std::string::npos);
    CHECK(everything.find("path=/after") == std::string::npos);
    CHECK(served.finished_within(5s));
}

TEST_CASE("each parser error is answered with its status before the connection closes", "[common][connection]") {
    ServedConnection served;
    const auto [request, status] = GENERATE(table<std::string, int>({
        {"GET / HTTP/2.0\r\nHost: test\r\n\r\n", 505},
        {"GET /" + std::string(http::kMaxRequestLine, 'a') + " HTTP/1.1\r\n", 414},
        {"GET / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
        {"GET / HTTP/1.1\r\nHost: test\r\nX: " + std::string(http::kMaxHeaderBytes, 'x') + "\r\n\r\n", 431},
    }));
    served.client().send(request);
    const auto response = served.client().read_response();
    REQUIRE(response.has_value());
    CHECK(response->status == status);
    CHECK(response->header("connection") == "close");
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("a file body is streamed after the head", "[common][connection]") {
    ServedConnection served;
    served.client().send(get("/file") + get("/after"));
    const auto file = served.client().read_response();
    REQUIRE(file.has_value());
    CHECK(file->header("content-length") == std::to_string(kFileContents.size()));
    CHECK(file->body == kFileContents);
    const auto next = served.client().read_response();
    REQUIRE(next.has_value());
    CHECK(next->body == "path=/after");
}

TEST_CASE("a client that closes mid-request ends the connection quietly", "[common][connection]") {
    ServedConnection served;
    served.client().send("GET /half HTTP/1.1\r\nHo");
    ::shutdown(served.client().socket().get(), SHUT_WR);
    CHECK(served.client().read_until_close().empty());
    CHECK(served.finished_within(5s));
}

TEST_CASE("a request head that stops arriving gets 408 after the request timeout", "[common][connection]") {
    ServedConnection served;
    const auto start = std::chrono::steady_clock::now();
    served.client().send("GET /slow HTTP/1.1\r\nHost: te");
    const auto response = served.client().read_response(false, http::kRequestTimeout + 10s);
    REQUIRE(response.has_value());
    CHECK(response->status == 408);
    CHECK(response->header("connection") == "close");
    CHECK(std::chrono::steady_clock::now() - start >= http::kRequestTimeout - 100ms);
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("the connection's slot is given back when it ends", "[common][connection]") {
    ServedConnection served;
    served.client().send(get("/", "Connection: close\r\n"));
    REQUIRE(served.client().read_response().has_value());
    CHECK(served.finished_within(5s));
}

TEST_CASE("a connection waiting for its next request ends when the server shuts down", "[common][connection]") {
    http::install_shutdown_signals();  // the serving thread inherits the blocked signals
    ServedConnection served;
    served.client().send(get("/a"));
    REQUIRE(served.client().read_response().has_value());
    served.ask_server_thread_to_stop();
    // Without the signal, it would end only at the request timeout.
    CHECK(served.finished_within(http::kRequestTimeout - 1s));
    CHECK(served.client().closed_by_peer());
}

TEST_CASE("each request is logged on stderr unless quiet", "[common][connection]") {
    const bool quiet = GENERATE(false, true);
    const http::ConnectionOptions options{.log_requests = !quiet};
    test::CapturedOutput captured(STDERR_FILENO);
    {
        ServedConnection served(options);
        served.client().send(get("/a") + "HEAD /b HTTP/1.1\r\nHost: test\r\n\r\n" + "GARBAGE\x1b[2J\r\n\r\n");
        REQUIRE(served.client().read_response().has_value());
        REQUIRE(served.client().read_response(true).has_value());
        REQUIRE(served.client().read_response().has_value());
        CHECK(served.client().closed_by_peer());
    }
    const std::string log = captured.finish();
    if (quiet) {
        CHECK(log.empty());
    } else {
        INFO(log);
        CHECK(log.find("\"GET /a HTTP/1.1\" 200 7\n") != std::string::npos);
        CHECK(log.find("\"HEAD /b HTTP/1.1\" 200 -\n") != std::string::npos);
        CHECK(log.find("\"GARBAGE\\x1b[2J\" 400 ") != std::string::npos);
        CHECK(log.find('\x1b') == std::string::npos);
        CHECK(log.starts_with("127.0.0.1 - - ["));
        CHECK(std::count(log.begin(), log.end(), '\n') == 3);
    }
}
