// Unit tests of responses: serialization, error pages, escaping.
#include "catch.hpp"
#include "http_response.hpp"

#include <string>

#include <fcntl.h>

using http::HttpResponse;
using http::ResponseFraming;

namespace {

constexpr std::string_view kDate = "Sun, 06 Nov 1994 08:49:37 GMT";

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// The head of a serialized response: everything up to the empty line.
std::string_view head_of(std::string_view serialized) {
    return serialized.substr(0, serialized.find("\r\n\r\n") + 4);
}

http::FileBody file_body(std::uint64_t size) {
    http::FileBody body;
    body.file = http::FileDescriptor(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    REQUIRE(body.file);
    body.size = size;
    return body;
}

}  // namespace

TEST_CASE("a simple 200 is serialized to exactly these bytes", "[common][response]") {
    const HttpResponse response = HttpResponse::with_body(200, "text/plain", "Hello");
    CHECK(http::serialize_response(response, ResponseFraming{kDate, false, true}) ==
          "HTTP/1.1 200 OK\r\n"
          "Server: http-from-scratch\r\n"
          "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
          "Content-Type: text/plain\r\n"
          "Content-Length: 5\r\n"
          "Connection: keep-alive\r\n"
          "\r\n"
          "Hello");
}

TEST_CASE("a response to HEAD keeps Content-Length but has no body", "[common][response]") {
    const HttpResponse response = HttpResponse::with_body(200, "text/html", "Hello, World!");
    const std::string get = http::serialize_response(response, ResponseFraming{kDate, false, true});
    const std::string head = http::serialize_response(response, ResponseFraming{kDate, true, true});
    CHECK(contains(head, "Content-Length: 13\r\n"));
    CHECK(contains(head, "Content-Type: text/html\r\n"));
    CHECK(head.ends_with("\r\n\r\n"));
    CHECK(head == head_of(get));
    CHECK(get == head + "Hello, World!");
}

TEST_CASE("a response without a content type has no Content-Type header", "[common][response]") {
    const HttpResponse response = HttpResponse::with_body(200, "", "x");
    const std::string bytes = http::serialize_response(response, ResponseFraming{kDate, false, true});
    CHECK_FALSE(contains(bytes, "Content-Type"));
    CHECK(contains(bytes, "Content-Length: 1\r\n"));
}

TEST_CASE("an empty body still announces Content-Length: 0", "[common][response]") {
    const HttpResponse response = HttpResponse::with_body(200, "text/plain", "");
    const std::string bytes = http::serialize_response(response, ResponseFraming{kDate, false, true});
    CHECK(contains(bytes, "Content-Length: 0\r\n"));
    CHECK(bytes.ends_with("\r\n\r\n"));
}

TEST_CASE("304 and 204 responses have no Content-Length, Content-Type or body", "[common][response]") {
    const int status = GENERATE(204, 304);
    HttpResponse response = HttpResponse::with_body(status, "text/html", "must not be sent");
    response.headers.push_back({"ETag", "\"abc\""});
    const bool head_only = GENERATE(false, true);
    const std::string bytes = http::serialize_response(response, ResponseFraming{kDate, head_only, true});
    CHECK(bytes.starts_with("HTTP/1.1 " + std::to_string(status) + " "));
    CHECK_FALSE(contains(bytes, "Content-Length"));
    CHECK_FALSE(contains(bytes, "Content-Type"));
    CHECK_FALSE(contains(bytes, "must not be sent"));
    CHECK(contains(bytes, "ETag: \"abc\"\r\n"));
    CHECK(bytes.ends_with("\r\n\r\n"));
}

TEST_CASE("the Connection header follows framing.keep_alive", "[common][response]") {
    const HttpResponse response = HttpResponse::with_body(200, "text/plain", "x");
    const std::string kept = http::serialize_response(response, ResponseFraming{kDate, false, true});
    const std::string closed = http::serialize_response(response, ResponseFraming{kDate, false, false});
    CHECK(contains(kept, "\r\nConnection: keep-alive\r\n"));
    CHECK_FALSE(contains(kept, "close"));
    CHECK(contains(closed, "\r\nConnection: close\r\n"));
    CHECK_FALSE(contains(closed, "keep-alive"));
}

TEST_CASE("a kept connection announces the idle timeout in Keep-Alive, a closing one does not", "[common][response]") {
    using namespace std::chrono_literals;
    const HttpResponse response = HttpResponse::with_body(200, "text/plain", "x");
    const std::string kept = http::serialize_response(response, ResponseFraming{kDate, false, true, 5s});
    const std::string closed = http::serialize_response(response, ResponseFraming{kDate, false, false, 5s});
    CHECK(contains(kept, "\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n"));
    CHECK_FALSE(contains(closed, "Keep-Alive"));
}

TEST_CASE("extra headers are written in order, as given", "[common][response]") {
    HttpResponse response = HttpResponse::with_body(301, "text/html", "moved");
    response.headers.push_back({"Location", "/docs/"});
    response.headers.push_back({"Cache-Control", "no-cache"});
    const std::string bytes = http::serialize_response(response, ResponseFraming{kDate, false, true});
    CHECK(bytes.starts_with("HTTP/1.1 301 Moved Permanently\r\n"));
    const auto location = bytes.find("\r\nLocation: /docs/\r\n");
    const auto cache = bytes.find("\r\nCache-Control: no-cache\r\n");
    REQUIRE(location != std::string::npos);
    REQUIRE(cache != std::string::npos);
    CHECK(location < cache);
    CHECK(cache < bytes.find("\r\n\r\n"));
}

TEST_CASE("a file body announces the file's size and is not written by serialize_response",
          "[common][response]") {
    HttpResponse response;
    response.content_type = "application/octet-stream";
    response.file = file_body(123456);
    CHECK(http::body_size(response) == 123456);
    const std::string bytes = http::serialize_response(response, ResponseFraming{kDate, false, true});
    CHECK(contains(bytes, "Content-Length: 123456\r\n"));
    CHECK(bytes.ends_with("\r\n\r\n"));
}

TEST_CASE("with a file body, a body string left in the response is ignored", "[common][response]") {
    HttpResponse response = HttpResponse::with_body(200, "text/plain", "stray");
    response.file = file_body(10);
    CHECK(http::body_size(response) == 10);
    const std::string bytes = http::serialize_response(response, ResponseFraming{kDate, false, true});
    CHECK(contains(bytes, "Content-Length: 10\r\n"));
    CHECK_FALSE(contains(bytes, "stray"));
}

TEST_CASE("body_size() of an in-memory body is its length", "[common][response]") {
    CHECK(http::body_size(HttpResponse::with_body(200, "", "")) == 0);
    CHECK(http::body_size(HttpResponse::with_body(200, "", std::string(70000, 'x'))) == 70000);
}

TEST_CASE("an error page escapes its reason, so a request cannot inject markup", "[common][response]") {
    const HttpResponse response = http::error_response(404, "No file <script>alert('x')</script> & \"more\"");
    CHECK(response.status == 404);
    CHECK(response.content_type == "text/html; charset=utf-8");
    CHECK_FALSE(contains(response.body, "<script>"));
    CHECK(contains(response.body, "No file &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;more&quot;"));
    CHECK(contains(response.body, "<title>404 Not Found</title>"));
    CHECK(contains(response.body, "<h1>404 Not Found</h1>"));
}

TEST_CASE("an error response without a reason still names its status", "[common][response]") {
    const HttpResponse response = http::error_response(500);
    CHECK(contains(response.body, "<h1>500 Internal Server Error</h1>"));
    CHECK(http::body_size(response) == response.body.size());
}

TEST_CASE("reason_phrase() gives the standard phrases, and Unknown for others", "[common][response]") {
    CHECK(http::reason_phrase(200) == "OK");
    CHECK(http::reason_phrase(304) == "Not Modified");
    CHECK(http::reason_phrase(400) == "Bad Request");
    CHECK(http::reason_phrase(404) == "Not Found");
    CHECK(http::reason_phrase(414) == "URI Too Long");
    CHECK(http::reason_phrase(431) == "Request Header Fields Too Large");
    CHECK(http::reason_phrase(501) == "Not Implemented");
    CHECK(http::reason_phrase(503) == "Service Unavailable");
    CHECK(http::reason_phrase(505) == "HTTP Version Not Supported");
    CHECK(http::reason_phrase(299) == "Unknown");
    CHECK(http::reason_phrase(-1) == "Unknown");
}

TEST_CASE("escape_html() replaces the five special characters and keeps the rest", "[common][response]") {
    CHECK(http::escape_html("") == "");
    CHECK(http::escape_html("plain text/é") == "plain text/é");
    CHECK(http::escape_html("&<>\"'") == "&amp;&lt;&gt;&quot;&#x27;");
    CHECK(http::escape_html("&amp;") == "&amp;amp;");
}

TEST_CASE("status_has_body() is false for 1xx, 204 and 304 only", "[common][response]") {
    CHECK_FALSE(http::status_has_body(100));
    CHECK_FALSE(http::status_has_body(101));
    CHECK_FALSE(http::status_has_body(204));
    CHECK_FALSE(http::status_has_body(304));
    CHECK(http::status_has_body(200));
    CHECK(http::status_has_body(301));
    CHECK(http::status_has_body(404));
    CHECK(http::status_has_body(500));
}
