// Path traversal: requests that try to reach a file beside the served
// folder, by every trick small servers have fallen for.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_site.hpp"

#include <filesystem>
#include <string>

namespace {

constexpr std::string_view kSecret = "TOP-SECRET-7f3a9c: this file lies outside the site";

// Request targets sent exactly as written: no client normalises them.
constexpr std::string_view kAttempts[] = {
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/%2e./secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/..%252fsecret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "/..%5Csecret.txt",
    "/%5c..%5csecret.txt",
    "/sub/..%5c..%5csecret.txt",
    "/%2e%2e%5csecret.txt",
    "/..%00/secret.txt",
    "/%00/../secret.txt",
    "/../secret.txt%00.html",
    "/secret.txt%00",
    "/%c0%ae%c0%ae/secret.txt",
    "/%c0%ae%c0%ae%c0%afsecret.txt",
    "/..%c0%afsecret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%c1%9c..%c1%9csecret.txt",
    "/sub/../../secret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/sub/..%2f..%2fsecret.txt",
    "/./../secret.txt",
    "/sub/./../../secret.txt",
    "//../secret.txt",
    "/.//..//secret.txt",
    "/....//secret.txt",
    "/..;/secret.txt",
    "/%%32%65%%32%65/secret.txt",
    "/%2e%2e",
    "/..",
    "http://localhost/../secret.txt",
    "http://localhost/%2e%2e/secret.txt",
    "http://localhost/..%2fsecret.txt",
    "http://../secret.txt",
    "/escape-relative.txt",
    "/escape-absolute.txt",
    "/escape-up/secret.txt",
    "/escape-root" ,
    "/escape-up/",
    "/sub/escape-relative.txt",
};

}  // namespace

TEST_CASE("no traversal attempt returns a byte of the secret beside the root", "[step3][traversal]") {
    const test::TempSite site;
    const auto secret = site.write_beside("secret.txt", kSecret);
    site.write("index.html", "the site");
    site.write("sub/page.html", "a page");
    // Symbolic links placed inside the site that point out of it.
    std::filesystem::create_symlink("../secret.txt", site.root() / "escape-relative.txt");
    std::filesystem::create_symlink("../../secret.txt", site.root() / "sub/escape-relative.txt");
    std::filesystem::create_symlink(secret, site.root() / "escape-absolute.txt");
    std::filesystem::create_directory_symlink("..", site.root() / "escape-up");
    std::filesystem::create_directory_symlink(site.base(), site.root() / "escape-root");
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});

    int attempts = 0;
    for (const std::string_view target : kAttempts) {
        CAPTURE(target);
        const auto response = test::send_request(
            server.port(), "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        REQUIRE(response);
        CHECK(response->status >= 400);
        CHECK(response->status < 500);
        CHECK(response->body.find("TOP-SECRET") == std::string::npos);
        ++attempts;
    }
    CHECK(attempts >= 30);
    // The server is still up and serves the site.
    const auto after = test::get(server.port(), "/sub/page.html");
    REQUIRE(after);
    CHECK(after->body == "a page");
}

TEST_CASE("paths outside the site never reach system files", "[step3][traversal]") {
    const test::TempSite site;
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});
    for (const char* target : {"//etc/passwd", "/etc/passwd", "///etc/passwd", "/%2fetc%2fpasswd",
                               "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                               "http://localhost//etc/passwd", "/proc/self/environ", "/%2fproc%2fself%2fenviron"}) {
        CAPTURE(target);
        const auto response = test::get(server.port(), target);
        REQUIRE(response);
        CHECK((response->status == 400 || response->status == 404));
        CHECK(response->body.find("root:") == std::string::npos);
    }
}

TEST_CASE("a name holding two dots is still served", "[step3][traversal]") {
    const test::TempSite site;
    site.write("a..b.html", "two dots");
    site.write("..data", "leading dots");
    site.write("v1..2/notes.txt", "dotted folder");
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});
    for (const auto& [target, body] : {std::pair("/a..b.html", "two dots"), std::pair("/..data", "leading dots"),
                                       std::pair("/v1..2/notes.txt", "dotted folder"),
                                       std::pair("/sub/../a..b.html", "two dots")}) {
        CAPTURE(target);
        const auto response = test::get(server.port(), target);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body == body);
    }
}
