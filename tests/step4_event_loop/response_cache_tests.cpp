// Tests of step 4's response cache on its own: what it keeps, for how long,
// that its bound on memory holds for answers made of files, and the heads
// it keeps with each answer.
#include "catch.hpp"
#include "connection.hpp"
#include "response_cache.hpp"
#include "temp_site.hpp"

#include <chrono>
#include <string>

#include <fcntl.h>

using namespace std::chrono_literals;
using http::Clock;
using http::HttpRequest;
using http::HttpResponse;
using http::ResponseCache;
using http::ResponseFraming;

namespace {

HttpRequest get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    return request;
}

// A 200 whose body is `path`'s file, as step 3's handler answers.
HttpResponse file_answer(const std::filesystem::path& path, std::uint64_t size) {
    HttpResponse response;
    response.status = 200;
    response.file.file = http::FileDescriptor(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    REQUIRE(response.file.file);
    response.file.size = size;
    return response;
}

const std::string kDate = "Wed, 02 Dec 2026 10:00:00 GMT";

}  // namespace

TEST_CASE("the response cache keeps a small file's answer, with its bytes, for a second", "[step4][cache]") {
    const test::TempSite site;
    const auto path = site.write("page.html", "<p>cached</p>");
    ResponseCache cache;
    const Clock::time_point start = Clock::now();
    cache.store(get("/page.html"), file_answer(path, 13), start);

    const http::CachedResponse* kept = cache.find(get("/page.html"), start + 999ms, kDate);
    REQUIRE(kept != nullptr);
    CHECK(kept->response.body == "<p>cached</p>");
    CHECK_FALSE(kept->response.file.file);
    CHECK(cache.find(get("/page.html"), start + 1s, kDate) == nullptr);
}

TEST_CASE("the response cache never holds more than 2 MiB of files' bytes", "[step4][cache]") {
    const test::TempSite site;
    const std::string bytes(64 * 1024, 'x');
    ResponseCache cache;
    const Clock::time_point now = Clock::now();
    for (int i = 0; i < 40; ++i) {
        const std::string name = "file" + std::to_string(i);
        cache.store(get("/" + name), file_answer(site.write(name, bytes), bytes.size()), now);
    }
    int kept = 0;
    for (int i = 0; i < 40; ++i) {
        kept += cache.find(get("/file" + std::to_string(i)), now, kDate) != nullptr ? 1 : 0;
    }
    CHECK(kept >= 1);
    CHECK(kept <= 32);  // 32 x 64 KiB = 2 MiB
}

TEST_CASE("an answer that expires leaves the cache's other answers in place", "[step4][cache]") {
    const test::TempSite site;
    ResponseCache cache;
    const Clock::time_point start = Clock::now();
    cache.store(get("/old"), file_answer(site.write("old", "old bytes"), 9), start);
    cache.store(get("/young"), file_answer(site.write("young", "young bytes"), 11), start + 900ms);

    CHECK(cache.find(get("/old"), start + 1s, kDate) == nullptr);  // expired, and taken out
    cache.store(get("/new"), file_answer(site.write("new", "new bytes"), 9), start + 1s);
    CHECK(cache.find(get("/young"), start + 1s, kDate) != nullptr);
    CHECK(cache.find(get("/new"), start + 1s, kDate) != nullptr);
}

TEST_CASE("a cached answer's heads are those made without the cache, with the Date asked for",
          "[step4][cache]") {
    const test::TempSite site;
    ResponseCache cache;
    const Clock::time_point start = Clock::now();
    HttpResponse answer = file_answer(site.write("page.html", "<p>cached</p>"), 13);
    answer.content_type = "text/html";
    cache.store(get("/page.html"), answer, start);

    for (const std::string& date : {kDate, std::string("Wed, 02 Dec 2026 10:00:01 GMT")}) {
        const http::CachedResponse* kept = cache.find(get("/page.html"), start + 500ms, date);
        REQUIRE(kept != nullptr);
        CHECK(kept->keep_alive_head ==
              http::serialize_response(kept->response, ResponseFraming{date, true, true, http::kRequestTimeout}));
        CHECK(kept->closing_head ==
              http::serialize_response(kept->response, ResponseFraming{date, true, false, http::kRequestTimeout}));
        CHECK(kept->keep_alive_head.find("Date: " + date + "\r\n") != std::string::npos);
        CHECK(kept->closing_head.find("Connection: close\r\n") != std::string::npos);
    }
}
