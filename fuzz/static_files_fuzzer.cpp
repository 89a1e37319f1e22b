// Sends arbitrary request targets through the parser to step 3's handler,
// serve_static_file(), on a real folder, and checks that nothing outside
// the served folder ever leaks, whatever the path: escapes, dots, symbolic
// links that point out of the site. Beside the site lies a folder with a
// secret file, and a link inside the site points at each of them:
// - no response carries the secret, in its body or as a file to stream,
//   and no folder listing shows what lies outside;
// - a redirect's Location is a path on this server: one '/', then more;
// - no header holds CR or LF, and the status is one the handler promises.
#include "request_parser.hpp"
#include "static_files.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSecret = "SECRET-OUTSIDE-THE-SITE";

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

void write_file(const fs::path& path, std::string_view contents) {
    std::ofstream(path, std::ios::binary) << contents;
}

// A temporary folder: outside/secret-outside.txt, and site/ with files,
// folders and links, one of each kind that step 3 meets.
struct TestSite {
    fs::path top;
    fs::path site;
    ino_t secret_inode = 0;
    std::unique_ptr<http::SiteRoot> root;

    TestSite() {
        top = fs::temp_directory_path() / ("static_files_fuzzer." + std::to_string(::getpid()));
        site = top / "site";
        fs::create_directories(top / "outside");
        write_file(top / "outside" / "secret-outside.txt", kSecret);
        fs::create_directories(site / "docs" / "empty");
        fs::create_directories(site / "a..b");
        write_file(site / "index.html", "<h1>home</h1>\n");
        write_file(site / "docs" / "a b.txt", "a file with a space\n");
        write_file(site / "docs" / "%2e%2e", "a file named with escapes\n");
        write_file(site / "a..b" / "c.css", "p {}\n");
        fs::create_symlink("../outside", site / "link-to-outside");
        fs::create_symlink("../outside/secret-outside.txt", site / "link-to-secret");
        fs::create_symlink(top / "outside" / "secret-outside.txt", site / "absolute-link-to-secret");
        fs::create_symlink("docs", site / "link-inside");
        struct stat info {};
        require(::stat((top / "outside" / "secret-outside.txt").c_str(), &info) == 0, "the secret exists");
        secret_inode = info.st_ino;
        root = std::make_unique<http::SiteRoot>(site);
    }
    TestSite(const TestSite&) = delete;
    TestSite& operator=(const TestSite&) = delete;
    ~TestSite() {
        std::error_code ignored;
        fs::remove_all(top, ignored);
    }
};

TestSite& test_site() {
    static TestSite site;  // made once, removed when the fuzzer exits
    return site;
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    TestSite& site = test_site();

    // Only what the parser lets through reaches the handler.
    const std::string head = "GET " + std::string(target) + " HTTP/1.1\r\nHost: a\r\n\r\n";
    http::RequestParser parser;
    const http::ParseResult parsed = parser.parse(head);
    if (parsed.status != http::ParseResult::Status::complete) {
        return 0;
    }
    const http::HttpResponse response = http::serve_static_file(parsed.request, *site.root);

    const int status = response.status;
    require(status == 200 || status == 301 || status == 304 || status == 400 || status == 403 || status == 404,
            "the status is 200, 301, 304, 400, 403 or 404");
    require(response.body.find(kSecret) == std::string::npos, "the body never holds the secret");
    require(response.body.find("secret-outside") == std::string::npos, "no listing shows what lies outside");
    if (response.file.file) {
        struct stat info {};
        require(::fstat(response.file.file.get(), &info) == 0, "a streamed file is open");
        require(info.st_ino != site.secret_inode, "the streamed file is never the secret");
        require(S_ISREG(info.st_mode), "only regular files are streamed");
    }
    for (const http::HttpHeader& field : response.headers) {
        require(!has_line_break(field.name) && !has_line_break(field.value), "no header holds CR or LF");
        if (field.name == "Location") {
            // Browsers read a backslash in a path as '/': "/\evil.example" would
            // leave this server as surely as "//evil.example". The query
            // after '?' may hold anything visible.
            const std::string_view path = std::string_view(field.value).substr(0, field.value.find('?'));
            require(path.starts_with('/') && !path.starts_with("//") && path.find('\\') == std::string::npos,
                    "a redirect stays on this server");
        }
    }
    require(!has_line_break(response.content_type), "the Content-Type holds no CR or LF");
    return 0;
}
