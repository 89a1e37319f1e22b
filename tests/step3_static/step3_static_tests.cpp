// End-to-end tests of step 3: the real binary serving a temporary folder.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_site.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace {

test::ServerProcess serve(const test::TempSite& site) {
    return test::ServerProcess(STEP3_STATIC_BINARY, {"-d", site.root().string()});
}

std::string get_request(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra_headers) + "\r\n";
}

}  // namespace

TEST_CASE("files are served byte for byte with the type of their extension", "[step3][files]") {
    const test::TempSite site;
    struct Case {
        std::string name;
        std::string bytes;
        std::string type;
    };
    const std::vector<Case> cases{
        {"index.html", "<!DOCTYPE html>\n<p>caf\xC3\xA9</p>\n", "text/html; charset=utf-8"},
        {"css/site.css", "body { color: red; }\n", "text/css; charset=utf-8"},
        {"js/app.js", "console.log('hi');\n", "text/javascript; charset=utf-8"},
        {"data.json", "{\"a\": [1, 2]}", "application/json"},
        {"img/pixel.png", test::patterned_bytes(3000, 5), "image/png"},
        {"font.woff2", test::patterned_bytes(70000, 9), "font/woff2"},
        {"raw", std::string("\0\r\n\r\n\xff", 6), "application/octet-stream"},
        {"empty.txt", "", "text/plain; charset=utf-8"},
    };
    for (const Case& file : cases) {
        site.write(file.name, file.bytes);
    }
    const test::ServerProcess server = serve(site);
    for (const Case& file : cases) {
        CAPTURE(file.name);
        const auto response = test::get(server.port(), "/" + file.name);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-type") == file.type);
        CHECK(response->header("content-length") == std::to_string(file.bytes.size()));
        CHECK(response->body == file.bytes);
        CHECK(response->header("last-modified").ends_with(" GMT"));
    }
}

TEST_CASE("HEAD of a file sends the GET headers and no body", "[step3][files]") {
    const test::TempSite site;
    site.write("small.txt", "small file");
    site.write("large.bin", test::patterned_bytes(200000));
    const test::ServerProcess server = serve(site);
    for (const auto& [target, length] : {std::pair("/small.txt", "10"), std::pair("/large.bin", "200000")}) {
        CAPTURE(target);
        test::Client client(server.port());
        client.send(std::string("HEAD ") + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        const auto response = client.read_response(true);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->header("content-length") == length);
        CHECK_FALSE(response->header("last-modified").empty());
        CHECK(client.read_until_close().empty());
    }
}

TEST_CASE("a missing file gets 404 with an HTML page and the connection stays open", "[step3][files]") {
    const test::TempSite site;
    site.write("here.txt", "here");
    const test::ServerProcess server = serve(site);
    test::Client client(server.port());
    client.send(get_request("/missing.html"));
    const auto missing = client.read_response();
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->header("content-type") == "text/html; charset=utf-8");
    CHECK(missing->body.find("404") != std::string::npos);
    client.send(get_request("/here.txt"));
    const auto here = client.read_response();
    REQUIRE(here);
    CHECK(here->body == "here");
}

TEST_CASE("a file the server cannot read gets 403", "[step3][files]") {
    const test::TempSite site;
    site.write("locked.txt", "LOCKED CONTENT");
    site.write("open.txt", "open");
    REQUIRE(::chmod((site.root() / "locked.txt").c_str(), 0) == 0);
    // The superuser reads any file, so as root the server runs as nobody,
    // which needs to pass through the temporary folder.
    std::filesystem::permissions(site.base(), std::filesystem::perms::others_exec, std::filesystem::perm_options::add);
    const bool as_root = ::geteuid() == 0;
    std::vector<std::string> arguments{"-d", site.root().string()};
    if (as_root) {
        arguments.insert(arguments.begin(), {"--reuid=65534", "--regid=65534", "--clear-groups", STEP3_STATIC_BINARY});
    }
    const test::ServerProcess server(as_root ? "/usr/bin/setpriv" : STEP3_STATIC_BINARY, arguments);
    const auto locked = test::get(server.port(), "/locked.txt");
    REQUIRE(locked);
    CHECK(locked->status == 403);
    CHECK(locked->body.find("LOCKED CONTENT") == std::string::npos);
    const auto open = test::get(server.port(), "/open.txt");
    REQUIRE(open);
    CHECK(open->body == "open");
}

TEST_CASE("a folder serves its index.html, and a folder path without / is redirected", "[step3][folders]") {
    const test::TempSite site;
    site.write("index.html", "root page");
    site.write("docs/index.html", "docs page");
    site.write("evil.example/index.html", "x");
    const test::ServerProcess server = serve(site);
    SECTION("index.html") {
        for (const auto& [target, body] : {std::pair("/", "root page"), std::pair("/docs/", "docs page"),
                                           std::pair("/docs/?x=1", "docs page")}) {
            CAPTURE(target);
            const auto response = test::get(server.port(), target);
            REQUIRE(response);
            CHECK(response->status == 200);
            CHECK(response->header("content-type") == "text/html; charset=utf-8");
            CHECK(response->body == body);
        }
    }
    SECTION("redirect keeping the query") {
        const auto response = test::get(server.port(), "/docs?lang=en&page=2");
        REQUIRE(response);
        CHECK(response->status == 301);
        CHECK(response->header("location") == "/docs/?lang=en&page=2");
    }
    SECTION("never to another host") {
        for (const char* target : {"//evil.example", "//evil.example?x", "/%2Fevil.example", "///evil.example"}) {
            CAPTURE(target);
            const auto response = test::get(server.port(), target);
            REQUIRE(response);
            CHECK(response->status == 301);
            CHECK(response->header("location").starts_with("/evil.example/"));
        }
    }
}

TEST_CASE("a folder without index.html is listed, its names escaped", "[step3][folders]") {
    const test::TempSite site;
    site.write("files/<script>alert(1)<.txt", "x");
    site.write("files/plain.txt", "x");
    const test::ServerProcess server = serve(site);
    const auto response = test::get(server.port(), "/files/");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->header("content-type") == "text/html; charset=utf-8");
    CHECK(response->body.find("<script>") == std::string::npos);
    CHECK(response->body.find("&lt;script&gt;alert(1)&lt;.txt") != std::string::npos);
    CHECK(response->body.find("href=\"plain.txt\"") != std::string::npos);
}

TEST_CASE("If-Modified-Since at Last-Modified gets 304 with no body", "[step3][conditional]") {
    const test::TempSite site;
    site.write("page.html", "cached page");
    const test::ServerProcess server = serve(site);
    const auto first = test::get(server.port(), "/page.html");
    REQUIRE(first);
    const std::string last_modified = first->header("last-modified");
    REQUIRE_FALSE(last_modified.empty());

    test::Client client(server.port());
    client.send(get_request("/page.html", "If-Modified-Since: " + last_modified + "\r\n"));
    const auto cached = client.read_response();
    REQUIRE(cached);
    CHECK(cached->status == 304);
    CHECK(cached->header("etag") == first->header("etag"));
    // No body follows a 304: the next response starts right after its head.
    client.send(get_request("/page.html", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n"));
    const auto changed = client.read_response();
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->body == "cached page");
}

TEST_CASE("pipelined requests for small and large files are answered in order", "[step3][connection]") {
    const test::TempSite site;
    const std::string large = test::patterned_bytes(300000, 3);
    site.write("a.txt", "first");
    site.write("large.bin", large);
    site.write("b.txt", "third");
    const test::ServerProcess server = serve(site);
    test::Client client(server.port());
    client.send(get_request("/a.txt") + get_request("/large.bin") + get_request("/missing") + get_request("/b.txt"));
    const auto first = client.read_response();
    const auto second = client.read_response();
    const auto third = client.read_response();
    const auto fourth = client.read_response();
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(third);
    REQUIRE(fourth);
    CHECK(first->body == "first");
    CHECK(second->body == large);
    CHECK(third->status == 404);
    CHECK(fourth->body == "third");
    CHECK(fourth->header("connection") == "keep-alive");
}

TEST_CASE("DELETE gets 405 and the file stays", "[step3][connection]") {
    const test::TempSite site;
    site.write("index.html", "x");
    const test::ServerProcess server = serve(site);
    const auto response =
        test::send_request(server.port(), "DELETE /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n");
    REQUIRE(response);
    CHECK(response->status == 405);
    CHECK(response->header("allow") == "GET, HEAD");
    CHECK(std::filesystem::exists(site.root() / "index.html"));
}

TEST_CASE("a -d folder that does not exist stops the server with an error", "[step3][command-line]") {
    const std::string command = std::string(STEP3_STATIC_BINARY) + " -d /nonexistent/step3-folder 0 2>&1";
    FILE* output = ::popen(command.c_str(), "r");
    REQUIRE(output != nullptr);
    std::string text;
    char chunk[256];
    while (const std::size_t got = std::fread(chunk, 1, sizeof chunk, output)) {
        text.append(chunk, got);
    }
    const int status = ::pclose(output);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) != 0);
    CHECK(text.find("not a directory") != std::string::npos);
}
