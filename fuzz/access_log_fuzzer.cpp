// Feeds arbitrary bytes to the access log's escaping, and checks that no
// request can write a control character (a terminal escape sequence, a
// line break that forges a log line) to the console that shows the log:
// - escape_for_log() gives only printable ASCII, 0x20 to 0x7E, with no
//   bare '"' that would end the quoted request line early;
// - the escaping loses nothing: undoing it gives the bytes back;
// - a whole access-log line built around the bytes is printable too.
#include "access_log.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

bool is_printable_ascii(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7E) {
            return false;
        }
    }
    return true;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

// Reads the \xNN escapes back; an escape of any other shape is a failure.
std::string unescape(std::string_view escaped) {
    std::string text;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        if (escaped[i] != '\\') {
            text += escaped[i];
            continue;
        }
        require(i + 3 < escaped.size() && escaped[i + 1] == 'x', "a backslash starts a \\xNN escape");
        const int high = hex_digit(escaped[i + 2]);
        const int low = hex_digit(escaped[i + 3]);
        require(high >= 0 && low >= 0, "an escape has two lowercase hex digits");
        text += static_cast<char>(high * 16 + low);
        i += 3;
    }
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    const std::string escaped = http::escape_for_log(bytes);
    require(is_printable_ascii(escaped), "escaped text is printable ASCII");
    require(escaped.find('"') == std::string::npos, "escaped text has no bare double quote");
    require(unescape(escaped) == bytes, "unescaping gives the original bytes back");

    const std::string line = http::format_access_log_line("127.0.0.1", 0, bytes, 400, 0);
    require(is_printable_ascii(line), "an access-log line is printable ASCII");
    // Exactly the two quotes around the request line.
    require(std::count(line.begin(), line.end(), '"') == 2, "the request line is quoted once");
    return 0;
}
