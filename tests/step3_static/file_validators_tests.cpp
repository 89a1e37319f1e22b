// Unit tests of step 3's handler on ranges and validators: plain function
// calls on a real folder.
#include "catch.hpp"
#include "handler_response.hpp"
#include "http_date.hpp"
#include "static_files.hpp"
#include "temp_site.hpp"

#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace {

using test::body_of;
using test::header;

http::HttpRequest request(std::string target, std::vector<http::HttpHeader> fields = {},
                          std::string method = "GET") {
    http::HttpRequest made;
    made.method = std::move(method);
    made.target = std::move(target);
    made.headers.push_back(http::HttpHeader{"Host", "localhost"});
    for (http::HttpHeader& field : fields) {
        made.headers.push_back(std::move(field));
    }
    return made;
}

// A site with one small and one large file of patterned bytes.
struct Files {
    test::TempSite site;
    std::string small = test::patterned_bytes(1000);
    std::string large = test::patterned_bytes(200 * 1024, 11);
    http::SiteRoot root;

    Files() : root((site.write("small.bin", small), site.write("large.bin", large), site.root())) {}

    http::HttpResponse get(std::string target, std::vector<http::HttpHeader> fields = {},
                           std::string method = "GET") const {
        return http::serve_static_file(request(std::move(target), std::move(fields), std::move(method)), root);
    }
};

}  // namespace

TEST_CASE("a file response carries a quoted ETag and Accept-Ranges: bytes", "[step3][conditional]") {
    const Files files;
    const http::HttpResponse response = files.get("/small.bin");
    CHECK(response.status == 200);
    CHECK(header(response, "Accept-Ranges") == "bytes");
    const std::string etag = header(response, "ETag");
    CHECK(etag.size() > 2);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');
    CHECK(header(files.get("/small.bin"), "ETag") == etag);
}

TEST_CASE("a range of a small file is answered with 206 and exactly those bytes", "[step3][range]") {
    const Files files;
    const http::HttpResponse response = files.get("/small.bin", {{"Range", "bytes=100-199"}});
    CHECK(response.status == 206);
    CHECK(header(response, "Content-Range") == "bytes 100-199/1000");
    CHECK(http::body_size(response) == 100);
    CHECK(body_of(response) == files.small.substr(100, 100));
}

TEST_CASE("a range of a large file is streamed from its offset", "[step3][range]") {
    const Files files;
    const std::uint64_t size = files.large.size();
    const http::HttpResponse tail = files.get("/large.bin", {{"Range", "bytes=1000-"}});
    CHECK(tail.status == 206);
    REQUIRE(tail.file.file);
    CHECK(tail.file.offset == 1000);
    CHECK(header(tail, "Content-Range") == "bytes 1000-" + std::to_string(size - 1) + "/" + std::to_string(size));
    CHECK(body_of(tail) == files.large.substr(1000));
    const http::HttpResponse suffix = files.get("/large.bin", {{"Range", "bytes=-10"}});
    CHECK(suffix.status == 206);
    CHECK(body_of(suffix) == files.large.substr(files.large.size() - 10));
}

TEST_CASE("a range that starts past the end gets 416 with the file's size", "[step3][range]") {
    const Files files;
    const http::HttpResponse response = files.get("/small.bin", {{"Range", "bytes=1000-"}});
    CHECK(response.status == 416);
    CHECK(header(response, "Content-Range") == "bytes */1000");
}

TEST_CASE("HEAD and a malformed Range get the whole file's 200", "[step3][range]") {
    const Files files;
    const http::HttpResponse head = files.get("/small.bin", {{"Range", "bytes=0-9"}}, "HEAD");
    CHECK(head.status == 200);
    CHECK(http::body_size(head) == 1000);
    const http::HttpResponse malformed = files.get("/small.bin", {{"Range", "bytes=9-0"}});
    CHECK(malformed.status == 200);
    CHECK(body_of(malformed) == files.small);
}

TEST_CASE("If-Range with the current ETag honours the Range, with another sends the whole file", "[step3][range]") {
    const Files files;
    const std::string etag = header(files.get("/small.bin"), "ETag");
    CHECK(files.get("/small.bin", {{"Range", "bytes=0-9"}, {"If-Range", etag}}).status == 206);
    const http::HttpResponse changed = files.get("/small.bin", {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}});
    CHECK(changed.status == 200);
    CHECK(body_of(changed) == files.small);
}

TEST_CASE("If-None-Match with the ETag or * gets 304 with the ETag and no body", "[step3][conditional]") {
    const Files files;
    const std::string etag = header(files.get("/small.bin"), "ETag");
    const char* value = GENERATE("*", "ETAG", "\"other\", ETAG");
    std::string list = value;
    if (const auto at = list.find("ETAG"); at != std::string::npos) {
        list.replace(at, 4, etag);
    }
    INFO("If-None-Match: " << list);
    const http::HttpResponse response = files.get("/small.bin", {{"If-None-Match", list}});
    CHECK(response.status == 304);
    CHECK(http::body_size(response) == 0);
    CHECK(header(response, "ETag") == etag);
}

TEST_CASE("If-None-Match with another tag beats a future If-Modified-Since", "[step3][conditional]") {
    const Files files;
    const http::HttpResponse response = files.get(
        "/small.bin", {{"If-None-Match", "\"x\""}, {"If-Modified-Since", "Fri, 31 Dec 9999 23:59:59 GMT"}});
    CHECK(response.status == 200);
}

TEST_CASE("a false If-Match or an old If-Unmodified-Since gets 412", "[step3][conditional]") {
    const Files files;
    const http::HttpResponse no_match = files.get("/small.bin", {{"If-Match", "\"x\""}});
    CHECK(no_match.status == 412);
    CHECK(files.get("/small.bin", {{"If-Unmodified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}}).status == 412);
}

TEST_CASE("preconditions are evaluated before the range", "[step3][conditional]") {
    const Files files;
    CHECK(files.get("/small.bin", {{"If-Match", "\"x\""}, {"Range", "bytes=0-9"}}).status == 412);
    CHECK(files.get("/small.bin", {{"If-None-Match", "*"}, {"Range", "bytes=5000-"}}).status == 304);
}
