#include "http_request.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace http {

namespace {

char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) { return to_lower(x) == to_lower(y); });
}

bool has_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        if (equals_ignoring_case(trim(list.substr(0, comma)), token)) {
            return true;
        }
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return false;
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
    for (const HttpHeader& field : headers) {
        if (equals_ignoring_case(field.name, name)) {
            return field.value;
        }
    }
    return std::nullopt;
}

std::string_view HttpRequest::path() const {
    std::string_view path = target;
    // Absolute form, as sent to proxies: "http://host:8000/path".
    if (const auto scheme_end = path.find("://"); scheme_end != std::string_view::npos && path.front() != '/') {
        // The authority ends at the first '/', '?' or '#'; without a path, it is "/".
        const auto path_start = path.find_first_of("/?#", scheme_end + 3);
        path = path_start == std::string_view::npos || path[path_start] != '/' ? std::string_view("/")
                                                                                : path.substr(path_start);
    }
    return path.substr(0, path.find_first_of("?#"));
}

std::string HttpRequest::request_line() const {
    return fmt::format("{} {} HTTP/1.{}", method, target, minor_version);
}

bool HttpRequest::wants_keep_alive() const {
    // Connection is a list, which a client may split over several fields
    // (RFC 9110 section 5.3): an option in any of them counts.
    const auto asks_for = [this](std::string_view option) {
        return std::ranges::any_of(headers, [option](const HttpHeader& field) {
            return equals_ignoring_case(field.name, "Connection") && has_token(field.value, option);
        });
    };
    if (asks_for("close")) {
        return false;
    }
    return minor_version > 0 || asks_for("keep-alive");
}

}  // namespace http
