// Real clients against step 3's real binary: curl and wget asking for
// parts of files, resuming downloads, and what they rely on.
#include "catch.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "temp_site.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <sys/wait.h>

using namespace std::chrono_literals;

namespace {

// Large enough to be streamed from the file, not read into memory.
const std::string kFile = test::patterned_bytes(300 * 1024, 3);

test::ServerProcess serve(const test::TempSite& site) {
    return test::ServerProcess(STEP3_STATIC_BINARY, {"-d", site.root().string()});
}

std::string url(const test::ServerProcess& server, std::string_view path) {
    return "http://127.0.0.1:" + std::to_string(server.port()) + std::string(path);
}

// Runs `command` through the shell, bounded in time; its exit status.
int run(const std::string& command) {
    const int status = std::system(("timeout -k 5 60 " + command).c_str());
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
}

}  // namespace

TEST_CASE("curl -r gets exactly the bytes asked for, with 206", "[step3][range][clients]") {
    const test::TempSite site;
    site.write("file.bin", kFile);
    const test::ServerProcess server = serve(site);
    const std::filesystem::path part = site.base() / "part";
    CHECK(run("curl -sS -r 1000-1999 -o " + part.string() + " " + url(server, "/file.bin")) == 0);
    CHECK(read_file(part) == kFile.substr(1000, 1000));
    const std::string entry = "\"GET /file.bin HTTP/1.1\" 206 1000";
    CHECK(server.stderr_output_containing(entry, 5s).find(entry) != std::string::npos);
}

TEST_CASE("curl -C - resumes a partly downloaded file to the same bytes", "[step3][range][clients]") {
    const test::TempSite site;
    site.write("file.bin", kFile);
    const test::ServerProcess server = serve(site);
    const std::filesystem::path download = site.write_beside("file.bin", kFile.substr(0, 100000));
    CHECK(run("curl -sS -f -C - -o " + download.string() + " " + url(server, "/file.bin")) == 0);
    CHECK(read_file(download) == kFile);
    const std::string entry = "\" 206 " + std::to_string(kFile.size() - 100000);
    const std::string log = server.stderr_output_containing(entry, 5s);
    CAPTURE(log);
    CHECK(log.find(entry) != std::string::npos);
}

TEST_CASE("wget -c resumes a partly downloaded file to the same bytes", "[step3][range][clients]") {
    INFO("This test needs wget; tools/test installs it.");
    REQUIRE(std::filesystem::exists("/usr/bin/wget"));
    const test::TempSite site;
    site.write("file.bin", kFile);
    const test::ServerProcess server = serve(site);
    const std::filesystem::path download = site.write_beside("file.bin", kFile.substr(0, 123456));
    CHECK(run("wget -q -c --no-config -P " + site.base().string() + " " + url(server, "/file.bin")) == 0);
    CHECK(read_file(download) == kFile);
    const std::string entry = "\" 206 " + std::to_string(kFile.size() - 123456);
    const std::string log = server.stderr_output_containing(entry, 5s);
    CAPTURE(log);
    CHECK(log.find(entry) != std::string::npos);
}

TEST_CASE("curl revalidates a saved ETag and gets 304 until the file changes", "[step3][conditional][clients]") {
    const test::TempSite site;
    site.write("page.html", "first");
    const test::ServerProcess server = serve(site);
    const std::filesystem::path etag = site.base() / "etag";
    const std::filesystem::path body = site.base() / "body";
    const std::string status_of = "curl -sS -o " + body.string() + " -w '%{http_code}' ";
    CHECK(run(status_of + "--etag-save " + etag.string() + " " + url(server, "/page.html") + " > /dev/null") == 0);
    REQUIRE(read_file(etag).starts_with('"'));
    CHECK(run("test $(" + status_of + "--etag-compare " + etag.string() + " " + url(server, "/page.html") +
              ") = 304") == 0);
    // Another size makes another tag, even within the same second.
    site.write("page.html", "second version");
    CHECK(run("test $(" + status_of + "--etag-compare " + etag.string() + " " + url(server, "/page.html") +
              ") = 200") == 0);
    CHECK(read_file(body) == "second version");
}

TEST_CASE("a range past the end gets 416 with the size, and the connection goes on", "[step3][range]") {
    const test::TempSite site;
    site.write("file.bin", kFile);
    const test::ServerProcess server = serve(site);
    test::Client client(server.port());
    client.send("GET /file.bin HTTP/1.1\r\nHost: localhost\r\nRange: bytes=999999999-\r\n\r\n");
    const auto refused = client.read_response();
    REQUIRE(refused);
    CHECK(refused->status == 416);
    CHECK(refused->header("content-range") == "bytes */" + std::to_string(kFile.size()));
    client.send("GET /file.bin HTTP/1.1\r\nHost: localhost\r\nRange: bytes=-5\r\n\r\n");
    const auto tail = client.read_response();
    REQUIRE(tail);
    CHECK(tail->status == 206);
    CHECK(tail->body == kFile.substr(kFile.size() - 5));
}

TEST_CASE("two separate ranges get the whole file with 200", "[step3][range]") {
    const test::TempSite site;
    site.write("file.bin", kFile);
    const test::ServerProcess server = serve(site);
    const auto response = test::send_request(
        server.port(), "GET /file.bin HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-0,-1\r\nConnection: close\r\n\r\n");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->header("accept-ranges") == "bytes");
    CHECK(response->body == kFile);
}

TEST_CASE("a kept connection announces the idle timeout in Keep-Alive", "[step3][connection]") {
    const test::TempSite site;
    site.write("a.txt", "a");
    const test::ServerProcess server = serve(site);
    test::Client client(server.port());
    client.send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->header("connection") == "keep-alive");
    CHECK(response->header("keep-alive") == "timeout=5");
}

TEST_CASE("a malformed Host gets 400 and the connection closes", "[step3][connection]") {
    const test::TempSite site;
    site.write("a.txt", "a");
    const test::ServerProcess server = serve(site);
    const char* host = GENERATE("a b", "user@evil", "a/b", "[::1", "a:12x", "x, y");
    INFO("Host: " << host);
    test::Client client(server.port());
    client.send(std::string("GET /a.txt HTTP/1.1\r\nHost: ") + host + "\r\n\r\n");
    const auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 400);
    CHECK(response->header("connection") == "close");
    CHECK(client.closed_by_peer());
}
