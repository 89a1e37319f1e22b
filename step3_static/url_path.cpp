#include "url_path.hpp"

#include "text.hpp"

#include <vector>

namespace http {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

RequestPath refused(std::string reason) {
    return RequestPath{400, std::move(reason), {}, false};
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return decoded;
}

std::string percent_encode_path(std::string_view path) {
    constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string encoded;
    encoded.reserve(path.size());
    for (const char c : path) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            encoded += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            encoded += '%';
            encoded += kHex[byte >> 4];
            encoded += kHex[byte & 0x0F];
        }
    }
    return encoded;
}

// $begin resolve
RequestPath resolve_request_path(std::string_view url_path) {
    if (!url_path.starts_with('/')) {
        return refused("The path must start with '/'.");
    }
    // 1. Decode once. What decodes to '%' stays a '%': "%252e" is the file
    //    "%2e", never a dot. An encoded slash (%2F) becomes a plain '/' and
    //    is checked below like any other.
    const std::optional<std::string> decoded = percent_decode(url_path);
    if (!decoded) {
        return refused("The path has a malformed % escape.");
    }
    // 2. No file name holds a NUL byte, and a backslash is a separator on
    //    Windows: both are refused rather than guessed at.
    if (decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) {
        return refused("The path holds a NUL byte or a backslash.");
    }
    // 3. Walk the segments: "" and "." stay in place, ".." goes up one
    //    folder, and a ".." with no folder left to leave is refused. Only a
    //    whole segment is special: "a..b.html" is an ordinary name.
    std::vector<std::string_view> segments;
    const std::vector<std::string_view> pieces = split(std::string_view(*decoded).substr(1), '/');
    for (const std::string_view segment : pieces) {
        if (segment == "..") {
            if (segments.empty()) {
                return refused("The path climbs above the served folder.");
            }
            segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
    }
    RequestPath result;
    // A path that ends in '/' (or in "." or "..") asks for a folder.
    result.names_directory = pieces.back().empty() || pieces.back() == "." || pieces.back() == "..";
    for (const std::string_view segment : segments) {
        if (!result.relative.empty()) {
            result.relative += '/';
        }
        result.relative += segment;
    }
    return result;
}
// $end resolve

}  // namespace http
