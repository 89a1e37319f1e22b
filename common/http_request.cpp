#include "http_request.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace http {

bool has_token(std::string_view list, std::string_view token) {
    return std::ranges::any_of(split(list, ','),
                               [token](std::string_view item) { return equals_ignoring_case(trim(item), token); });
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
