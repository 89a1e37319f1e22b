#include "access_log.hpp"

#include "http_date.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace http {

// $begin escape
std::string escape_for_log(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7E || c == '"' || c == '\\') {
            fmt::format_to(std::back_inserter(escaped), "\\x{:02x}", byte);
        } else {
            escaped += c;
        }
    }
    return escaped;
}
// $end escape

std::string format_access_log_line(std::string_view client, std::time_t time, std::string_view request_line,
                                   int status, std::uint64_t body_bytes) {
    const std::tm utc = utc_time(time);
    // The Common Log Format writes "-" for an unknown request or an empty body.
    return fmt::format("{} - - [{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000] \"{}\" {} {}", client, utc.tm_mday,
                       month_abbreviation(utc.tm_mon), utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec,
                       request_line.empty() ? "-" : escape_for_log(request_line), status,
                       body_bytes == 0 ? std::string("-") : std::to_string(body_bytes));
}

void log_request(std::string_view client, std::string_view request_line, int status, std::uint64_t body_bytes) {
    // stderr is unbuffered: one fputs is one write, so lines from different
    // threads never interleave.
    const std::string line =
        format_access_log_line(client, std::time(nullptr), request_line, status, body_bytes) + '\n';
    std::fputs(line.c_str(), stderr);
}

void log_error(std::string_view message) {
    const std::string line = fmt::format("error: {}\n", escape_for_log(message));
    std::fputs(line.c_str(), stderr);
}

}  // namespace http
