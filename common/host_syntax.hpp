#pragma once

#include <optional>
#include <string_view>

namespace http {

/// The two parts of "host[:port]", as in a Host field or the authority of
/// an absolute-form target.
struct HostAndPort {
    std::string_view host;  ///< may be empty: a Host field may be
    std::string_view port;  ///< digits, possibly none
};

/// Splits `text` into host and port and checks both against RFC 3986
/// sections 3.2.2 and 3.2.3: a registered name or IPv4 address, or an IPv6
/// or future address in brackets, then an optional ':' and digits. nullopt
/// when `text` is anything else, such as "a b", "user@host" or "[::1".
std::optional<HostAndPort> parse_host_and_port(std::string_view text);

}  // namespace http
