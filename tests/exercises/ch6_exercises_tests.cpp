// The exercises of chapter 6 (docs/6-serving-files-safely.md), against step
// 3's real binary serving a temporary folder. Each fails until its exercise
// is done: tools/check-exercise ID.
#include "../step3_static/temp_site.hpp"
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <string>

namespace {

test::ServerProcess serve(const test::TempSite& site) {
    return test::ServerProcess(STEP3_STATIC_BINARY, {"-q", "-d", site.root().string()});
}

}  // namespace

TEST_CASE("a path with a segment that starts with a dot gets 404, and listings leave such names out",
          "[exercise][ch6-hide-dotfiles]") {
    const test::TempSite site;
    site.write(".git/config", "[remote \"origin\"]\n");
    site.write(".env", "PASSWORD=secret\n");
    site.write("docs/.draft.html", "<p>draft</p>");
    site.write("docs/page.html", "<p>page</p>");
    site.write("a..b.html", "dots inside a name");
    const test::ServerProcess server = serve(site);
    for (const char* path : {"/.env", "/.git/config", "/.git/", "/.git", "/docs/.draft.html", "/%2eenv",
                             "/docs/%2Edraft.html"}) {
        CAPTURE(path);
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 404);
        CHECK(response->body.find("secret") == std::string::npos);
    }
    for (const char* path : {"/docs/page.html", "/a..b.html"}) {
        CAPTURE(path);
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 200);
    }
    const auto root_listing = test::get(server.port(), "/");
    REQUIRE(root_listing);
    CHECK(root_listing->body.find(".env") == std::string::npos);
    CHECK(root_listing->body.find(".git") == std::string::npos);
    CHECK(root_listing->body.find("a..b.html") != std::string::npos);
    const auto docs_listing = test::get(server.port(), "/docs/");
    REQUIRE(docs_listing);
    CHECK(docs_listing->body.find(".draft") == std::string::npos);
    CHECK(docs_listing->body.find("page.html") != std::string::npos);
}

TEST_CASE("when the site has a 404.html, a missing file gets it as the 404 page", "[exercise][ch6-custom-404]") {
    const test::TempSite site;
    const std::string page = "<!DOCTYPE html>\n<h1>Not here</h1>\n<p><a href=\"/\">Home</a></p>\n";
    SECTION("with 404.html") {
        site.write("404.html", page);
        const test::ServerProcess server = serve(site);
        for (const char* path : {"/missing.html", "/no/such/folder/", "/404.html/x"}) {
            CAPTURE(path);
            const auto response = test::get(server.port(), path);
            REQUIRE(response);
            CHECK(response->status == 404);
            CHECK(response->status_line == "HTTP/1.1 404 Not Found");
            CHECK(response->header("content-type") == "text/html; charset=utf-8");
            CHECK(response->body == page);
        }
    }
    SECTION("without it, the server's own page") {
        const test::ServerProcess server = serve(site);
        const auto response = test::get(server.port(), "/missing.html");
        REQUIRE(response);
        CHECK(response->status == 404);
        CHECK(response->body.find("File not found.") != std::string::npos);
    }
}
