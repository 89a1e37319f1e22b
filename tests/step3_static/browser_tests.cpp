// A real browser loads step 3's sample site from the real server.
#include "catch.hpp"
#include "server_process.hpp"
#include "temp_site.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <tuple>

#include <sys/wait.h>

using namespace std::chrono_literals;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

// Runs `command` through the shell; what it printed on stdout, and its exit status.
std::pair<std::string, int> run(const std::string& command) {
    FILE* output = ::popen(command.c_str(), "r");
    REQUIRE(output != nullptr);
    std::string text;
    char chunk[4096];
    while (const std::size_t got = std::fread(chunk, 1, sizeof chunk, output)) {
        text.append(chunk, got);
    }
    return {text, ::pclose(output)};
}

// The value of attribute `name` in the first tag that contains `marker`.
std::string attribute(const std::string& html, std::string_view marker, const std::string& name) {
    const auto at = html.find(marker);
    if (at == std::string::npos) {
        return "<no element>";
    }
    const auto tag_start = html.rfind('<', at);
    const auto tag_end = html.find('>', at);
    const std::string tag = html.substr(tag_start, tag_end - tag_start);
    const auto value_at = tag.find(" " + name + "=\"");
    if (value_at == std::string::npos) {
        return "<no attribute>";
    }
    const auto first = value_at + name.size() + 3;
    return tag.substr(first, tag.find('"', first) - first);
}

}  // namespace

TEST_CASE("headless Chromium loads the sample site with its stylesheet, script and image, and seeks in its video",
          "[step3][browser]") {
    INFO("The browser test needs Debian's chromium; tools/test installs it.");
    REQUIRE(std::filesystem::exists(kChromium));
    const test::TempSite profile;
    const test::ServerProcess server(STEP3_STATIC_BINARY, {"-d", STEP3_SITE_DIR});
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
    // --dump-dom prints the page as it stands once it has loaded, after the
    // page's own script has written its findings into it; the virtual time
    // budget lets the page run its script's video seek, which comes after
    // the load event, before the page is printed. `timeout` bounds the run
    // and then stops the browser's whole process group.
    const std::string command = std::string("timeout -k 5 90 ") + kChromium +
                                " --headless --no-sandbox --disable-gpu --disable-background-networking"
                                " --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage"
                                " --user-data-dir=" + profile.root().string() + " --virtual-time-budget=10000 --dump-dom " + url +
                                " 2>/dev/null";
    // The video is decoded in real time, which the virtual time budget does
    // not wait for: on a loaded machine the page may be printed before the
    // seek ends, the video still "unknown" (neither loaded nor failed). Such a
    // run says nothing either way, so it is made again, up to three times.
    auto [dom, status] = run(command);
    for (int attempt = 1; attempt < 3 && attribute(dom, "id=\"self-check\"", "data-video") == "unknown"; ++attempt) {
        std::tie(dom, status) = run(command);
    }
    CAPTURE(dom);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(dom.find("<h1>HTTP from scratch, in C++</h1>") != std::string::npos);
    CHECK(attribute(dom, "id=\"self-check\"", "data-script") == "loaded");
    CHECK(attribute(dom, "id=\"self-check\"", "data-stylesheet") == "loaded");
    CHECK(attribute(dom, "id=\"self-check\"", "data-image") == "loaded");
    CHECK(attribute(dom, "id=\"self-check\"", "data-video") == "loaded");
    // Each of them came from this server, with success.
    const std::string video_entry = "\"GET /video/test-pattern.webm HTTP/1.1\" 206 ";
    const std::string log = server.stderr_output_containing(video_entry, 5s);
    CAPTURE(log);
    for (const char* file : {"\"GET / ", "\"GET /css/style.css ", "\"GET /js/self-check.js ", "\"GET /images/steps.png "}) {
        CHECK(log.find(std::string(file) + "HTTP/1.1\" 200 ") != std::string::npos);
    }
    // A media element asks for its file with a Range header from the
    // start, and for more ranges as it seeks: 206 means the server obliged.
    CHECK(log.find(video_entry) != std::string::npos);
}
