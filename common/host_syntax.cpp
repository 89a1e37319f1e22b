#include "host_syntax.hpp"

#include <algorithm>
#include <string>

#include <arpa/inet.h>

namespace http {

namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_hex_digit(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// unreserved / sub-delims (RFC 3986 section 2).
bool is_unreserved_or_sub_delim(char c) {
    return is_alpha(c) || is_digit(c) || std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

// reg-name = *( unreserved / pct-encoded / sub-delims ). An IPv4 address
// is a registered name too, as far as the characters go.
bool is_reg_name(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%') {
            if (i + 2 >= text.size() || !is_hex_digit(text[i + 1]) || !is_hex_digit(text[i + 2])) {
                return false;
            }
            i += 2;
        } else if (!is_unreserved_or_sub_delim(text[i])) {
            return false;
        }
    }
    return true;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
bool is_ip_future(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (text.size() < 4 || (text[0] != 'v' && text[0] != 'V') || dot == std::string_view::npos || dot < 2 ||
        dot + 1 == text.size()) {
        return false;
    }
    const std::string_view version = text.substr(1, dot - 1);
    const std::string_view address = text.substr(dot + 1);
    return std::ranges::all_of(version, is_hex_digit) &&
           std::ranges::all_of(address, [](char c) { return c == ':' || is_unreserved_or_sub_delim(c); });
}

// IP-literal = "[" ( IPv6address / IPvFuture ) "]", without the brackets.
// inet_pton() accepts exactly RFC 4291's text forms, which RFC 3986's
// IPv6address grammar spells out.
bool is_ip_literal(std::string_view text) {
    if (is_ip_future(text)) {
        return true;
    }
    in6_addr address{};
    return text.size() < INET6_ADDRSTRLEN && ::inet_pton(AF_INET6, std::string(text).c_str(), &address) == 1;
}

}  // namespace

// $begin parse-host-and-port
std::optional<HostAndPort> parse_host_and_port(std::string_view text) {
    // host = IP-literal / IPv4address / reg-name; port = *DIGIT
    HostAndPort parts;
    std::string_view after_host;
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || !is_ip_literal(text.substr(1, close - 1))) {
            return std::nullopt;
        }
        parts.host = text.substr(0, close + 1);
        after_host = text.substr(close + 1);
    } else {
        const std::size_t colon = text.find(':');
        parts.host = text.substr(0, colon);
        if (!is_reg_name(parts.host)) {
            return std::nullopt;
        }
        after_host = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    }
    if (!after_host.empty()) {
        if (after_host.front() != ':' || !std::ranges::all_of(after_host.substr(1), is_digit)) {
            return std::nullopt;
        }
        parts.port = after_host.substr(1);
    }
    return parts;
}
// $end parse-host-and-port

}  // namespace http
