// Unit tests of step 3's mapping from a URL path to a path in the site.
#include "catch.hpp"
#include "url_path.hpp"

#include <string>

#include <fmt/format.h>

namespace {

// The relative path `url_path` resolves to, or "<400>" when it is refused.
std::string resolved(std::string_view url_path) {
    const http::RequestPath path = http::resolve_request_path(url_path);
    return path.status == 200 ? path.relative : fmt::format("<{}>", path.status);
}

}  // namespace

TEST_CASE("plain paths map to the same path relative to the root", "[step3][path]") {
    CHECK(resolved("/") == "");
    CHECK(resolved("/index.html") == "index.html");
    CHECK(resolved("/css/style.css") == "css/style.css");
    CHECK(resolved("/a/b/c/") == "a/b/c");
}

TEST_CASE("percent escapes are decoded exactly once", "[step3][path]") {
    CHECK(resolved("/with%20space.html") == "with space.html");
    CHECK(resolved("/%41%62c") == "Abc");
    CHECK(resolved("/caf%C3%A9.txt") == "caf\xC3\xA9.txt");
    // "%25" is '%': "%252e" names the file "%2e", not "."
    CHECK(resolved("/%252e%252e/x") == "%2e%2e/x");
}

TEST_CASE("a malformed percent escape is refused with 400", "[step3][path]") {
    for (const char* path : {"/%", "/%4", "/%zz", "/a%2", "/%g0", "/%%32%65", "/x%"}) {
        CAPTURE(path);
        CHECK(resolved(path) == "<400>");
    }
}

TEST_CASE("NUL bytes and backslashes are refused with 400", "[step3][path]") {
    for (const char* path : {"/%00", "/index.html%00.txt", "/..\\secret", "/a%5cb", "/a%5Cb", "/\\"}) {
        CAPTURE(path);
        CHECK(resolved(path) == "<400>");
    }
}

TEST_CASE("a .. segment above the root is refused", "[step3][path]") {
    for (const char* path : {"/..", "/../", "/../secret.txt", "/a/../../secret.txt", "/%2e%2e/secret.txt",
                             "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/..%2fsecret.txt", "/a/..%2F..%2Fsecret",
                             "/./../secret.txt", "//../secret.txt"}) {
        CAPTURE(path);
        CHECK(resolved(path) == "<400>");
    }
}

TEST_CASE("a .. segment that stays inside the root goes up one folder", "[step3][path]") {
    CHECK(resolved("/a/../b.html") == "b.html");
    CHECK(resolved("/a/b/%2e%2e/c") == "a/c");
    CHECK(resolved("/a/..") == "");
}

TEST_CASE("dots inside a name are not segments", "[step3][path]") {
    CHECK(resolved("/a..b.html") == "a..b.html");
    CHECK(resolved("/..hidden") == "..hidden");
    CHECK(resolved("/...") == "...");
    CHECK(resolved("/dir../x") == "dir../x");
    CHECK(resolved("/.well-known/x") == ".well-known/x");
}

TEST_CASE("empty and . segments are dropped", "[step3][path]") {
    CHECK(resolved("//etc/passwd") == "etc/passwd");
    CHECK(resolved("/./a//b/./c") == "a/b/c");
    CHECK(resolved("/a%2F%2Fb") == "a/b");
}

TEST_CASE("overlong UTF-8 dots stay ordinary bytes in a name", "[step3][path]") {
    // %c0%ae is an invalid (overlong) encoding of '.': it must not become one.
    CHECK(resolved("/%c0%ae%c0%ae/secret.txt") == "\xc0\xae\xc0\xae/secret.txt");
    CHECK(resolved("/%e0%80%ae%e0%80%ae/x") == "\xe0\x80\xae\xe0\x80\xae/x");
}

TEST_CASE("a path that does not start with / is refused", "[step3][path]") {
    CHECK(resolved("") == "<400>");
    CHECK(resolved("*") == "<400>");
    CHECK(resolved("index.html") == "<400>");
}

TEST_CASE("a path ending in /, . or .. names a folder", "[step3][path]") {
    CHECK(http::resolve_request_path("/").names_directory);
    CHECK(http::resolve_request_path("/docs/").names_directory);
    CHECK(http::resolve_request_path("/docs/.").names_directory);
    CHECK(http::resolve_request_path("/docs/sub/..").names_directory);
    CHECK_FALSE(http::resolve_request_path("/docs").names_directory);
    CHECK_FALSE(http::resolve_request_path("/docs/index.html").names_directory);
}

TEST_CASE("percent_encode_path keeps unreserved bytes and slashes only", "[step3][path]") {
    CHECK(http::percent_encode_path("a-b_c.d~e/F9") == "a-b_c.d~e/F9");
    CHECK(http::percent_encode_path("a b?c#d") == "a%20b%3Fc%23d");
    CHECK(http::percent_encode_path("javascript:x") == "javascript%3Ax");
    CHECK(http::percent_encode_path("<\"'>&") == "%3C%22%27%3E%26");
    CHECK(http::percent_encode_path("caf\xC3\xA9") == "caf%C3%A9");
    CHECK(http::percent_encode_path("%") == "%25");
}

TEST_CASE("percent_decode undoes percent_encode_path", "[step3][path]") {
    const std::string name = "a b?c#d%e\xC3\xA9<>&\"'";
    CHECK(http::percent_decode(http::percent_encode_path(name)) == name);
}
