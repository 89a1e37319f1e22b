// Unit tests of the access log: Common Log Format lines and escaping.
#include "access_log.hpp"
#include "captured_output.hpp"
#include "catch.hpp"

#include <string>

TEST_CASE("an access-log line is in the Common Log Format", "[common][log]") {
    CHECK(http::format_access_log_line("127.0.0.1", 784111777, "GET / HTTP/1.1", 200, 13) ==
          "127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"GET / HTTP/1.1\" 200 13");
    CHECK(http::format_access_log_line("::1", 0, "HEAD /a?b HTTP/1.0", 404, 345) ==
          "::1 - - [01/Jan/1970:00:00:00 +0000] \"HEAD /a?b HTTP/1.0\" 404 345");
}

TEST_CASE("an empty request line and an empty body are logged as -", "[common][log]") {
    CHECK(http::format_access_log_line("127.0.0.1", 784111777, "", 408, 0) ==
          "127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"-\" 408 -");
    CHECK(http::format_access_log_line("127.0.0.1", 784111777, "GET / HTTP/1.1", 304, 0) ==
          "127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"GET / HTTP/1.1\" 304 -");
}

TEST_CASE("bytes a terminal could act on are escaped in the request line", "[common][log]") {
    const std::string line = http::format_access_log_line("127.0.0.1", 784111777,
                                                          "GET /\x1b[31mred\x07\r\n HTTP/1.1", 400, 10);
    CHECK(line == "127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"GET /\\x1b[31mred\\x07\\x0d\\x0a HTTP/1.1\" 400 10");
    CHECK(line.find('\x1b') == std::string::npos);
}

TEST_CASE("escape_for_log() escapes controls, DEL, high bytes, quotes and backslashes", "[common][log]") {
    CHECK(http::escape_for_log(std::string("\0", 1)) == "\\x00");
    CHECK(http::escape_for_log("\t\x1f") == "\\x09\\x1f");
    CHECK(http::escape_for_log("\x7f") == "\\x7f");
    CHECK(http::escape_for_log("\x80\xff") == "\\x80\\xff");
    CHECK(http::escape_for_log("\xc3\xa9") == "\\xc3\\xa9");
    CHECK(http::escape_for_log("a\"b") == "a\\x22b");
    CHECK(http::escape_for_log("a\\b") == "a\\x5cb");
}

TEST_CASE("escape_for_log() keeps printable ASCII as it is", "[common][log]") {
    std::string printable;
    for (char c = 0x20; c < 0x7f; ++c) {
        if (c != '"' && c != '\\') {
            printable += c;
        }
    }
    CHECK(http::escape_for_log(printable) == printable);
    CHECK(http::escape_for_log("") == "");
}

TEST_CASE("log_request() writes one line to stderr with the current time", "[common][log]") {
    test::CapturedOutput captured(STDERR_FILENO);
    const std::time_t before = std::time(nullptr);
    http::log_request("127.0.0.1", "GET /x HTTP/1.1", 404, 120);
    const std::time_t after = std::time(nullptr);
    const std::string written = captured.finish();
    // The second may turn between the two readings of the clock.
    const std::string expected_before =
        http::format_access_log_line("127.0.0.1", before, "GET /x HTTP/1.1", 404, 120) + "\n";
    const std::string expected_after =
        http::format_access_log_line("127.0.0.1", after, "GET /x HTTP/1.1", 404, 120) + "\n";
    CHECK((written == expected_before || written == expected_after));
}

TEST_CASE("log_error() writes an escaped error line to stderr", "[common][log]") {
    test::CapturedOutput captured(STDERR_FILENO);
    http::log_error("cannot accept: \x1b[2J");
    CHECK(captured.finish() == "error: cannot accept: \\x1b[2J\n");
}
