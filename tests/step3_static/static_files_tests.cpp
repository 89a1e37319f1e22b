// Unit tests of step 3's handler: plain function calls on a real folder.
#include "catch.hpp"
#include "handler_response.hpp"
#include "http_date.hpp"
#include "request_dates.hpp"
#include "static_files.hpp"
#include "temp_site.hpp"

#include <ctime>
#include <filesystem>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace {

using test::body_of;
using test::header;

http::HttpRequest request(std::string target, std::string method = "GET") {
    http::HttpRequest made;
    made.method = std::move(method);
    made.target = std::move(target);
    made.headers.push_back(http::HttpHeader{"Host", "localhost"});
    return made;
}

}  // namespace

TEST_CASE("a file is answered with its bytes, its type and Last-Modified", "[step3][files]") {
    const test::TempSite site;
    const std::string page = "<!DOCTYPE html><title>x</title>\n";
    site.write("page.html", page);
    const http::HttpResponse response = http::serve_static_file(request("/page.html"), http::SiteRoot(site.root()));
    CHECK(response.status == 200);
    CHECK(response.content_type == "text/html; charset=utf-8");
    CHECK(body_of(response) == page);
    struct stat info {};
    REQUIRE(::stat((site.root() / "page.html").c_str(), &info) == 0);
    CHECK(header(response, "Last-Modified") == http::format_http_date(info.st_mtime));
}

TEST_CASE("a file is streamed by the connection, not read into the response", "[step3][files]") {
    const test::TempSite site;
    const std::string contents = test::patterned_bytes(100 * 1024, 7);
    site.write("file.bin", contents);
    const http::HttpResponse streamed = http::serve_static_file(request("/file.bin"), http::SiteRoot(site.root()));
    REQUIRE(streamed.file.file);
    CHECK(streamed.body.empty());
    CHECK(streamed.file.size == contents.size());
    CHECK(body_of(streamed) == contents);
}

TEST_CASE("HEAD gives the size of a file without reading it", "[step3][files]") {
    const test::TempSite site;
    site.write("small.txt", "twelve bytes");
    const http::HttpResponse response = http::serve_static_file(request("/small.txt", "HEAD"),
                                                                http::SiteRoot(site.root()));
    CHECK(response.status == 200);
    CHECK(response.body.empty());
    CHECK(http::body_size(response) == 12);
}

TEST_CASE("a missing file gets 404 with a small HTML page", "[step3][files]") {
    const test::TempSite site;
    const http::SiteRoot root(site.root());
    for (const char* target : {"/missing.html", "/no/such/folder/", "/missing/index.html"}) {
        CAPTURE(target);
        const http::HttpResponse response = http::serve_static_file(request(target), root);
        CHECK(response.status == 404);
        CHECK(response.content_type == "text/html; charset=utf-8");
        CHECK(response.body.find("404") != std::string::npos);
    }
}

TEST_CASE("a file asked for as a folder gets 404", "[step3][files]") {
    const test::TempSite site;
    site.write("page.html", "x");
    const http::HttpResponse response = http::serve_static_file(request("/page.html/"), http::SiteRoot(site.root()));
    CHECK(response.status == 404);
}

TEST_CASE("a folder path ending in / serves the folder's index.html", "[step3][folders]") {
    const test::TempSite site;
    site.write("index.html", "root index");
    site.write("docs/index.html", "docs index");
    const http::SiteRoot root(site.root());
    CHECK(body_of(http::serve_static_file(request("/"), root)) == "root index");
    CHECK(body_of(http::serve_static_file(request("/docs/"), root)) == "docs index");
    CHECK(http::serve_static_file(request("/docs/"), root).content_type == "text/html; charset=utf-8");
}

TEST_CASE("a folder path without / is redirected to it with the query kept", "[step3][folders]") {
    const test::TempSite site;
    site.write("docs/index.html", "docs index");
    const http::SiteRoot root(site.root());
    SECTION("without a query") {
        const http::HttpResponse response = http::serve_static_file(request("/docs"), root);
        CHECK(response.status == 301);
        CHECK(header(response, "Location") == "/docs/");
    }
    SECTION("with a query and a fragment") {
        const http::HttpResponse response = http::serve_static_file(request("/docs?page=2&x=%20#top"), root);
        CHECK(response.status == 301);
        CHECK(header(response, "Location") == "/docs/?page=2&x=%20");
    }
    SECTION("in absolute form") {
        const http::HttpResponse response = http::serve_static_file(request("http://localhost:8000/docs?q"), root);
        CHECK(response.status == 301);
        CHECK(header(response, "Location") == "/docs/?q");
    }
}

TEST_CASE("a redirect never makes a protocol-relative Location", "[step3][folders]") {
    const test::TempSite site;
    site.write("evil.example/index.html", "x");
    const http::SiteRoot root(site.root());
    for (const char* target : {"//evil.example", "///evil.example", "/%2Fevil.example", "/%2F%2Fevil.example",
                               "/.//evil.example", "//evil.example?next=//x"}) {
        CAPTURE(target);
        const http::HttpResponse response = http::serve_static_file(request(target), root);
        CHECK(response.status == 301);
        const std::string location = header(response, "Location");
        CHECK(location.starts_with("/evil.example/"));
        CHECK_FALSE(location.starts_with("//"));
    }
}

TEST_CASE("a folder without index.html is listed with escaped names and encoded links", "[step3][folders]") {
    const test::TempSite site;
    site.write("files/<img src=x onerror=alert(1)>.txt", "x");
    site.write("files/a&b \"q\".txt", "x");
    site.write("files/javascript:alert(1)", "x");
    site.write("files/Sub Folder/inner.txt", "x");
    const http::HttpResponse response = http::serve_static_file(request("/files/"), http::SiteRoot(site.root()));
    CHECK(response.status == 200);
    CHECK(response.content_type == "text/html; charset=utf-8");
    const std::string& page = response.body;
    CHECK(page.find("Directory listing for /files/") != std::string::npos);
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("&lt;img src=x onerror=alert(1)&gt;.txt") != std::string::npos);
    CHECK(page.find("href=\"%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.txt\"") != std::string::npos);
    CHECK(page.find("a&amp;b &quot;q&quot;.txt") != std::string::npos);
    CHECK(page.find("href=\"a%26b%20%22q%22.txt\"") != std::string::npos);
    CHECK(page.find("href=\"javascript%3Aalert%281%29\"") != std::string::npos);
    CHECK(page.find("href=\"Sub%20Folder/\">Sub Folder/</a>") != std::string::npos);
}

TEST_CASE("If-Modified-Since at or after Last-Modified gets 304 without a body", "[step3][conditional]") {
    const test::TempSite site;
    site.write("page.html", "content");
    const http::SiteRoot root(site.root());
    const http::HttpResponse first = http::serve_static_file(request("/page.html"), root);
    const std::string last_modified = header(first, "Last-Modified");
    REQUIRE_FALSE(last_modified.empty());
    const std::time_t modified = *http::parse_http_date(last_modified);

    SECTION("the same date") {
        http::HttpRequest again = request("/page.html");
        again.headers.push_back(http::HttpHeader{"If-Modified-Since", last_modified});
        const http::HttpResponse response = http::serve_static_file(again, root);
        CHECK(response.status == 304);
        CHECK(http::body_size(response) == 0);
        CHECK(header(response, "ETag") == header(first, "ETag"));
    }
    SECTION("a later date") {
        http::HttpRequest again = request("/page.html");
        again.headers.push_back(http::HttpHeader{"if-modified-since", http::format_http_date(modified + 3600)});
        CHECK(http::serve_static_file(again, root).status == 304);
    }
    SECTION("an earlier date") {
        http::HttpRequest again = request("/page.html");
        again.headers.push_back(http::HttpHeader{"If-Modified-Since", http::format_http_date(modified - 1)});
        const http::HttpResponse response = http::serve_static_file(again, root);
        CHECK(response.status == 200);
        CHECK(body_of(response) == "content");
    }
    SECTION("a date that cannot be parsed is ignored") {
        http::HttpRequest again = request("/page.html");
        again.headers.push_back(http::HttpHeader{"If-Modified-Since", "yesterday"});
        CHECK(http::serve_static_file(again, root).status == 200);
    }
}

TEST_CASE("names with dots, spaces and encoded bytes are served", "[step3][files]") {
    const test::TempSite site;
    site.write("a..b.html", "dots");
    site.write("with space.txt", "space");
    site.write("caf\xC3\xA9.txt", "utf8");
    site.write("docs/page.html", "nested");
    const http::SiteRoot root(site.root());
    CHECK(body_of(http::serve_static_file(request("/a..b.html"), root)) == "dots");
    CHECK(body_of(http::serve_static_file(request("/with%20space.txt"), root)) == "space");
    CHECK(body_of(http::serve_static_file(request("/caf%C3%A9.txt"), root)) == "utf8");
    CHECK(body_of(http::serve_static_file(request("/docs%2Fpage.html"), root)) == "nested");
    CHECK(body_of(http::serve_static_file(request("/docs/page.html?v=3#top"), root)) == "nested");
}

TEST_CASE("a symbolic link inside the site is followed", "[step3][symlinks]") {
    const test::TempSite site;
    site.write("real/page.html", "through a link");
    std::filesystem::create_symlink("real/page.html", site.root() / "alias.html");
    std::filesystem::create_directory_symlink("real", site.root() / "linked");
    const http::SiteRoot root(site.root());
    CHECK(body_of(http::serve_static_file(request("/alias.html"), root)) == "through a link");
    CHECK(body_of(http::serve_static_file(request("/linked/page.html"), root)) == "through a link");
}

TEST_CASE("a symbolic link that leads outside the site gets 403", "[step3][symlinks]") {
    const test::TempSite site;
    const auto secret = site.write_beside("secret.txt", "SECRET");
    std::filesystem::create_symlink("../secret.txt", site.root() / "relative.txt");
    std::filesystem::create_symlink(secret, site.root() / "absolute.txt");
    std::filesystem::create_directory_symlink("..", site.root() / "up");
    std::filesystem::create_directory_symlink("/", site.root() / "slash");
    const http::SiteRoot root(site.root());
    for (const char* target : {"/relative.txt", "/absolute.txt", "/up/secret.txt", "/slash/etc/passwd"}) {
        CAPTURE(target);
        const http::HttpResponse response = http::serve_static_file(request(target), root);
        CHECK(response.status == 403);
        CHECK(body_of(response).find("SECRET") == std::string::npos);
    }
}

TEST_CASE("a named pipe in the site gets 403 at once instead of blocking", "[step3][files]") {
    const test::TempSite site;
    REQUIRE(::mkfifo((site.root() / "pipe").c_str(), 0644) == 0);
    const http::HttpResponse response = http::serve_static_file(request("/pipe"), http::SiteRoot(site.root()));
    CHECK(response.status == 403);
}

TEST_CASE("a refused path gets 400", "[step3][path]") {
    const test::TempSite site;
    const http::SiteRoot root(site.root());
    for (const char* target : {"/../x", "/%zz", "/a%00b", "/a\\b"}) {
        CAPTURE(target);
        const http::HttpResponse response = http::serve_static_file(request(target), root);
        CHECK(response.status == 400);
    }
}
