// The exercises of chapter 5 (docs/5-step3-static.md), against step 3's real
// binary serving a temporary folder. Each fails until its exercise is done:
// tools/check-exercise ID.
#include "../step3_static/temp_site.hpp"
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace {

test::ServerProcess serve(const test::TempSite& site, std::vector<std::string> options = {}) {
    options.insert(options.end(), {"-q", "-d", site.root().string()});
    return test::ServerProcess(STEP3_STATIC_BINARY, options);
}

std::string get_request(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" +
           std::string(extra_headers) + "\r\n";
}

}  // namespace

TEST_CASE("a .jsonld file is served as application/ld+json", "[exercise][ch5-jsonld-type]") {
    const test::TempSite site;
    site.write("person.jsonld", R"({"@context": "https://schema.org", "name": "Ada"})");
    site.write("UPPER.JSONLD", "{}");
    const test::ServerProcess server = serve(site);
    for (const char* path : {"/person.jsonld", "/UPPER.JSONLD"}) {
        CAPTURE(path);
        const auto response = test::get(server.port(), path);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-type") == "application/ld+json");
    }
}

TEST_CASE("a client that accepts gzip gets the .gz file beside the one it asked for",
          "[exercise][ch5-precompressed-gzip]") {
    const test::TempSite site;
    const std::string plain = "body { color: red; }\n";
    // Not real gzip: the server must send the file's bytes, never decode them.
    const std::string compressed = "the bytes of style.css.gz";
    site.write("style.css", plain);
    site.write("style.css.gz", compressed);
    site.write("only-plain.txt", "no .gz beside me");
    const test::ServerProcess server = serve(site);
    SECTION("Accept-Encoding names gzip: the .gz file, with the type of the plain one") {
        const auto response = test::send_request(server.port(),
                                                 get_request("/style.css", "Accept-Encoding: br, gzip, deflate\r\n"));
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body == compressed);
        CHECK(response->header("content-encoding") == "gzip");
        CHECK(response->header("content-type") == "text/css; charset=utf-8");
        CHECK(response->header("content-length") == std::to_string(compressed.size()));
        CHECK(response->header("vary") == "Accept-Encoding");
    }
    SECTION("no Accept-Encoding: the plain file, and Vary says the answer depends on it") {
        const auto response = test::send_request(server.port(), get_request("/style.css"));
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body == plain);
        CHECK(response->header("content-encoding").empty());
        CHECK(response->header("vary") == "Accept-Encoding");
    }
    SECTION("no .gz beside the file: the plain file") {
        const auto response =
            test::send_request(server.port(), get_request("/only-plain.txt", "Accept-Encoding: gzip\r\n"));
        REQUIRE(response);
        CHECK(response->body == "no .gz beside me");
        CHECK(response->header("content-encoding").empty());
    }
}

TEST_CASE("with --max-age 60, files carry Cache-Control: max-age=60, error pages do not",
          "[exercise][ch5-cache-control]") {
    const test::TempSite site;
    site.write("index.html", "<p>home</p>");
    SECTION("with the option") {
        const test::ServerProcess server = serve(site, {"--max-age", "60"});
        const auto file = test::get(server.port(), "/index.html");
        REQUIRE(file);
        CHECK(file->status == 200);
        CHECK(file->header("cache-control") == "max-age=60");
        const auto missing = test::get(server.port(), "/missing.html");
        REQUIRE(missing);
        CHECK(missing->status == 404);
        CHECK(missing->header("cache-control").empty());
    }
    SECTION("without it, no Cache-Control") {
        const test::ServerProcess server = serve(site);
        const auto file = test::get(server.port(), "/index.html");
        REQUIRE(file);
        CHECK(file->header("cache-control").empty());
    }
}
