// The exercises of chapter 1 (docs/1-step1-hello.md), against step 1's real
// binary. Each fails until its exercise is done: tools/check-exercise ID.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

TEST_CASE("GET /echo/TEXT answers TEXT as plain text", "[exercise][ch1-echo-path]") {
    const test::ServerProcess server(STEP1_HELLO_BINARY);
    SECTION("the text after /echo/ is the body") {
        const auto response = test::get(server.port(), "/echo/hello");
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-type").starts_with("text/plain"));
        CHECK(response->body == "hello");
    }
    SECTION("the query is not part of the path") {
        const auto response = test::get(server.port(), "/echo/abc?x=1");
        REQUIRE(response);
        CHECK(response->body == "abc");
    }
    SECTION("every other path still gets the page") {
        const auto response = test::get(server.port(), "/elsewhere");
        REQUIRE(response);
        CHECK(response->body == "Hello, World!");
    }
}

TEST_CASE("only / gets the page, any other path gets 404 Not Found", "[exercise][ch1-not-found]") {
    const test::ServerProcess server(STEP1_HELLO_BINARY);
    for (const char* path : {"/", "/?x=1"}) {
        CAPTURE(path);
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body == "Hello, World!");
    }
    for (const char* path : {"/nope", "/index.html", "/a/b?c=d"}) {
        CAPTURE(path);
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 404);
        CHECK(response->status_line == "HTTP/1.1 404 Not Found");
        CHECK(response->header("content-type").starts_with("text/html"));
    }
}

TEST_CASE("GET /hello.txt answers the greeting as plain text, / still as HTML", "[exercise][ch1-text-page]") {
    const test::ServerProcess server(STEP1_HELLO_BINARY);
    const auto text = test::get(server.port(), "/hello.txt");
    REQUIRE(text);
    CHECK(text->status == 200);
    CHECK(text->header("content-type") == "text/plain; charset=utf-8");
    CHECK(text->body == "Hello, World!");
    const auto page = test::get(server.port(), "/");
    REQUIRE(page);
    CHECK(page->header("content-type") == "text/html");
    CHECK(page->body == "Hello, World!");
}
