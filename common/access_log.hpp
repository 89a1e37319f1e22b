#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace http {

/// `text` with controls, bytes above 0x7E, '"' and '\' written as \x1b
/// and the like, so a request cannot send escape sequences to a terminal.
std::string escape_for_log(std::string_view text);

/// One access-log line in the Common Log Format, without the newline:
/// 127.0.0.1 - - [24/Nov/2026:08:01:19 +0000] "GET / HTTP/1.1" 200 13
std::string format_access_log_line(std::string_view client, std::time_t time, std::string_view request_line,
                                   int status, std::uint64_t body_bytes);

/// Writes the access-log line of one request to stderr, in one write.
void log_request(std::string_view client, std::string_view request_line, int status, std::uint64_t body_bytes);

/// Writes "error: <message>" to stderr.
void log_error(std::string_view message);

}  // namespace http
