// Unit tests of HttpRequest and its helpers: plain function calls, no sockets.
#include "catch.hpp"
#include "http_request.hpp"

#include <string>

using http::HttpRequest;

namespace {

HttpRequest request_for(std::string target, int minor_version = 1) {
    HttpRequest request;
    request.method = "GET";
    request.target = std::move(target);
    request.minor_version = minor_version;
    return request;
}

HttpRequest with_connection(int minor_version, std::string value) {
    HttpRequest request = request_for("/", minor_version);
    request.headers.push_back({"Connection", std::move(value)});
    return request;
}

}  // namespace

TEST_CASE("header() finds a field whatever the case of its name", "[common][request]") {
    HttpRequest request = request_for("/");
    request.headers = {{"Content-Type", "text/plain"}, {"x-lower", "a"}};
    CHECK(request.header("content-type") == "text/plain");
    CHECK(request.header("CONTENT-TYPE") == "text/plain");
    CHECK(request.header("Content-Type") == "text/plain");
    CHECK(request.header("X-LOWER") == "a");
}

TEST_CASE("header() gives the first of several fields with the same name", "[common][request]") {
    HttpRequest request = request_for("/");
    request.headers = {{"Accept", "first"}, {"ACCEPT", "second"}};
    CHECK(request.header("accept") == "first");
}

TEST_CASE("header() gives nullopt for a missing field, and an empty value for an empty one", "[common][request]") {
    HttpRequest request = request_for("/");
    request.headers = {{"X-Empty", ""}};
    CHECK_FALSE(request.header("Host").has_value());
    CHECK_FALSE(request.header("X-Empt").has_value());
    CHECK_FALSE(request.header("X-Empty-Not").has_value());
    REQUIRE(request.header("x-empty").has_value());
    CHECK(request.header("x-empty")->empty());
}

TEST_CASE("path() of an origin-form target drops the query and the fragment", "[common][request]") {
    CHECK(request_for("/").path() == "/");
    CHECK(request_for("/docs/index.html").path() == "/docs/index.html");
    CHECK(request_for("/a?b=c").path() == "/a");
    CHECK(request_for("/a?").path() == "/a");
    CHECK(request_for("/a#top").path() == "/a");
    CHECK(request_for("/a?b#c").path() == "/a");
    CHECK(request_for("/?x=/y").path() == "/");
}

TEST_CASE("path() of an absolute-form target drops scheme, host and port", "[common][request]") {
    CHECK(request_for("http://host:8000/a?b").path() == "/a");
    CHECK(request_for("http://host/a/b.html").path() == "/a/b.html");
    CHECK(request_for("HTTPS://host/x#y").path() == "/x");
}

TEST_CASE("path() of an absolute-form target without a path is /", "[common][request]") {
    CHECK(request_for("http://host").path() == "/");
    CHECK(request_for("http://host:8000").path() == "/");
    CHECK(request_for("http://host?a=/b").path() == "/");
    CHECK(request_for("http://host#/b").path() == "/");
}

TEST_CASE("path() of an origin-form target that contains :// keeps it", "[common][request]") {
    CHECK(request_for("/redirect?to=http://x/y").path() == "/redirect");
    CHECK(request_for("/a://b").path() == "/a://b");
}

TEST_CASE("request_line() is the line as logged", "[common][request]") {
    HttpRequest request = request_for("/a?b", 0);
    request.method = "HEAD";
    CHECK(request.request_line() == "HEAD /a?b HTTP/1.0");
    CHECK(request_for("/").request_line() == "GET / HTTP/1.1");
}

TEST_CASE("HTTP/1.1 keeps the connection open unless the client says close", "[common][request]") {
    CHECK(request_for("/", 1).wants_keep_alive());
    CHECK(with_connection(1, "keep-alive").wants_keep_alive());
    CHECK(with_connection(1, "Upgrade").wants_keep_alive());
    CHECK_FALSE(with_connection(1, "close").wants_keep_alive());
    CHECK_FALSE(with_connection(1, "CLOSE").wants_keep_alive());
    CHECK_FALSE(with_connection(1, "Upgrade, close").wants_keep_alive());
    CHECK_FALSE(with_connection(1, "keep-alive,close").wants_keep_alive());
}

TEST_CASE("HTTP/1.0 closes the connection unless the client asks for keep-alive", "[common][request]") {
    CHECK_FALSE(request_for("/", 0).wants_keep_alive());
    CHECK_FALSE(with_connection(0, "close").wants_keep_alive());
    CHECK_FALSE(with_connection(0, "").wants_keep_alive());
    CHECK(with_connection(0, "keep-alive").wants_keep_alive());
    CHECK(with_connection(0, "Keep-Alive").wants_keep_alive());
    CHECK(with_connection(0, "Upgrade, keep-alive").wants_keep_alive());
}

TEST_CASE("every Connection field counts, not only the first", "[common][request]") {
    HttpRequest split = with_connection(1, "Upgrade");
    split.headers.push_back(http::HttpHeader{"connection", "close"});
    CHECK_FALSE(split.wants_keep_alive());

    HttpRequest old = with_connection(0, "Upgrade");
    old.headers.push_back(http::HttpHeader{"Connection", "keep-alive"});
    CHECK(old.wants_keep_alive());
    // Asked for both: close wins, as the safer of the two.
    old.headers.push_back(http::HttpHeader{"Connection", "close"});
    CHECK_FALSE(old.wants_keep_alive());
}

TEST_CASE("has_token() finds whole tokens in a comma-separated list, ignoring case and spaces",
          "[common][request]") {
    CHECK(http::has_token("close", "close"));
    CHECK(http::has_token("Close", "close"));
    CHECK(http::has_token(" keep-alive , Upgrade ", "upgrade"));
    CHECK(http::has_token("a,\tclose\t,b", "close"));
    CHECK(http::has_token("a,,close,", "close"));
}

TEST_CASE("has_token() does not match part of a token or an empty list", "[common][request]") {
    CHECK_FALSE(http::has_token("", "close"));
    CHECK_FALSE(http::has_token("closed", "close"));
    CHECK_FALSE(http::has_token("unclose", "close"));
    CHECK_FALSE(http::has_token("clo se", "close"));
    CHECK_FALSE(http::has_token("keep-alive, Upgrade", "close"));
    CHECK_FALSE(http::has_token(",,,", "close"));
}
