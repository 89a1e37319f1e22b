#include "request_parser.hpp"

#include "host_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace http {

namespace {

using Status = ParseResult::Status;

ParseResult failure(int status, std::string reason) {
    ParseResult result;
    result.status = Status::error;
    result.error = RequestError{status, std::move(reason)};
    return result;
}

RequestError bad_request(std::string reason) {
    return RequestError{400, std::move(reason)};
}

// RFC 9110 section 5.6.2: a token is one or more of these characters.
bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, is_token_char);
}

// A field value may hold visible characters, spaces, tabs and bytes above
// 0x7F, but no control characters: no NUL, no CR, no escape sequences.
bool is_field_value_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20 && byte != 0x7F);
}

// The request target is visible ASCII: no spaces, no controls.
bool is_target_char(char c) {
    return c > 0x20 && c < 0x7F;
}

// Strips the line ending: "\r\n", or a lone "\n".
std::string_view without_line_ending(std::string_view line) {
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
    }
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

// Empty lines before the request line are ignored (RFC 9112 section 2.2).
// `start` is how far they are already known to reach.
std::size_t skip_leading_empty_lines(std::string_view received, std::size_t start = 0) {
    while (start < received.size() && (received[start] == '\r' || received[start] == '\n')) {
        ++start;
    }
    return start;
}

bool is_absolute_form(std::string_view target) {
    const auto scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos) {
        return false;
    }
    const std::string_view scheme = target.substr(0, scheme_end);
    return equals_ignoring_case(scheme, "http") || equals_ignoring_case(scheme, "https");
}

// A Content-Length value, or a list of them ("5, 5"): digits only, and every
// element the same number; nullopt otherwise.
std::optional<std::size_t> parse_content_length(std::string_view value) {
    std::optional<std::size_t> length;
    for (const std::string_view element : split(value, ',')) {
        const std::string_view digits = trim(element);
        std::size_t number = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
            (length && *length != number)) {
            return std::nullopt;
        }
        length = number;
    }
    return length;
}

// "host:port", the authority form that only CONNECT uses (RFC 9112 section 3.2.3).
bool is_authority_form(std::string_view target) {
    const auto parts = parse_host_and_port(target);
    return parts && !parts->host.empty() && !parts->port.empty();
}

// An absolute-form target's authority must name a host (RFC 9110 section
// 4.2.1: an "http" URI with an empty host is invalid) and carry no user
// name or password, which a sender must not put there (section 4.2.4).
std::optional<RequestError> check_target_authority(std::string_view target) {
    const std::size_t start = target.find("://") + 3;
    const std::string_view authority = target.substr(start, target.find_first_of("/?#", start) - start);
    if (authority.find('@') != std::string_view::npos) {
        return bad_request("The request target may not hold a user name or password.");
    }
    const auto parts = parse_host_and_port(authority);
    if (!parts || parts->host.empty()) {
        return bad_request("The request target's host is missing or malformed.");
    }
    return std::nullopt;
}

// $begin request-line
std::optional<RequestError> parse_request_line(std::string_view line, HttpRequest& request) {
    // request-line = method SP request-target SP HTTP-version (RFC 9112 section 3)
    const std::size_t first_space = line.find(' ');
    const std::size_t second_space = line.find(' ', first_space + 1);
    if (first_space == std::string_view::npos || second_space == std::string_view::npos ||
        line.find(' ', second_space + 1) != std::string_view::npos) {
        return bad_request("The request line is not 'METHOD target HTTP/1.1'.");
    }
    const std::string_view method = line.substr(0, first_space);
    const std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
    const std::string_view version = line.substr(second_space + 1);

    if (!is_token(method)) {
        return bad_request("The request method is not a valid token.");
    }
    // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
    const bool well_formed_version = version.size() == 8 && version.starts_with("HTTP/") &&
                                     std::isdigit(static_cast<unsigned char>(version[5])) &&
                                     version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7]));
    if (!well_formed_version) {
        return bad_request("The HTTP version is malformed.");
    }
    if (version[5] != '1') {
        return RequestError{505, "Only HTTP/1.0 and HTTP/1.1 are supported."};
    }
    if (target.empty() || !std::ranges::all_of(target, is_target_char)) {
        return bad_request("The request target has invalid characters.");
    }
    // Origin form ("/path?query"), absolute form ("http://host/path"), "*"
    // for OPTIONS, or "host:port" for CONNECT (RFC 9112 section 3.2), which
    // is parsed so that it can be refused with 405 like other methods.
    const bool authority_form = method == "CONNECT" && is_authority_form(target);
    if (target.front() != '/' && !is_absolute_form(target) && target != "*" && !authority_form) {
        return bad_request("The request target is not a path.");
    }
    if (is_absolute_form(target)) {
        if (auto error = check_target_authority(target)) {
            return error;
        }
    }
    // "*" names the server as a whole, for OPTIONS only (RFC 9112 section 3.2.4).
    if (target == "*" && method != "OPTIONS") {
        return bad_request("The target * is only for OPTIONS.");
    }
    request.method = method;
    request.target = target;
    // Any HTTP/1.x from 1.1 up is answered as 1.1 (RFC 9110 section 6.2).
    request.minor_version = version[7] == '0' ? 0 : 1;
    return std::nullopt;
}
// $end request-line

std::optional<RequestError> parse_header_line(std::string_view line, HttpRequest& request) {
    // field-line = field-name ":" OWS field-value OWS (RFC 9112 section 5)
    if (line.starts_with(' ') || line.starts_with('\t')) {
        return bad_request("Folded header lines are not allowed.");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return bad_request("A header line has no colon.");
    }
    // No whitespace is allowed between name and colon (section 5.1): a
    // proxy could read "Content-Length :" differently, which smuggling uses.
    const std::string_view name = line.substr(0, colon);
    if (!is_token(name)) {
        return bad_request("A header name is not a valid token.");
    }
    const std::string_view value = trim(line.substr(colon + 1));
    if (!std::ranges::all_of(value, is_field_value_char)) {
        return bad_request("A header value has control characters.");
    }
    request.headers.push_back(HttpHeader{std::string(name), std::string(value)});
    return std::nullopt;
}

std::optional<RequestError> check_message_framing(const HttpRequest& request) {
    int hosts = 0;
    bool has_transfer_encoding = false;
    std::optional<std::size_t> length;
    for (const HttpHeader& field : request.headers) {
        if (equals_ignoring_case(field.name, "Host")) {
            // host [":" port] of RFC 3986; a list or anything else is
            // refused (RFC 9112 section 3.2), or two servers behind each
            // other could pick different sites for the same request.
            if (!parse_host_and_port(field.value)) {
                return bad_request("The Host header is not a valid host and port.");
            }
            ++hosts;
        } else if (equals_ignoring_case(field.name, "Transfer-Encoding")) {
            has_transfer_encoding = true;
        } else if (equals_ignoring_case(field.name, "Content-Length")) {
            // Two different lengths would let two parsers disagree on where
            // the body ends: refuse rather than guess (section 6.3).
            const auto parsed = parse_content_length(field.value);
            if (!parsed || (length && *length != *parsed)) {
                return bad_request("The Content-Length is invalid.");
            }
            length = parsed;
        }
    }
    if (request.minor_version == 1 && hosts != 1) {
        return bad_request("An HTTP/1.1 request needs exactly one Host header.");
    }
    if (hosts > 1) {
        return bad_request("A request may have only one Host header.");
    }
    if (has_transfer_encoding && (length || request.minor_version == 0)) {
        return bad_request("Transfer-Encoding may not come with Content-Length or in HTTP/1.0.");
    }
    if (has_transfer_encoding) {
        return RequestError{501, "Request bodies with Transfer-Encoding are not supported."};
    }
    return std::nullopt;
}

// Parses a whole head, whose size parse() has already checked: request
// line, header lines, empty line.
ParseResult parse_head(std::string_view head) {
    ParseResult result;
    std::string_view rest = head.substr(skip_leading_empty_lines(head));
    const std::size_t line_end = rest.find('\n') + 1;
    if (auto error = parse_request_line(without_line_ending(rest.substr(0, line_end)), result.request)) {
        return failure(error->status, std::move(error->reason));
    }
    rest.remove_prefix(line_end);

    // One header field per line, up to the empty line that ends the head.
    while (true) {
        const std::size_t end = rest.find('\n') + 1;
        const std::string_view line = without_line_ending(rest.substr(0, end));
        rest.remove_prefix(end);
        if (line.empty()) {
            break;
        }
        if (result.request.headers.size() == kMaxHeaderFields) {
            return failure(431, "The request has too many header fields.");
        }
        if (auto error = parse_header_line(line, result.request)) {
            return failure(error->status, std::move(error->reason));
        }
    }
    if (auto error = check_message_framing(result.request)) {
        return failure(error->status, std::move(error->reason));
    }
    result.status = Status::complete;
    result.consumed = head.size();
    return result;
}

}  // namespace

ParseResult RequestParser::parse(std::string_view received) {
    start_ = skip_leading_empty_lines(received, start_);
    // The head ends with an empty line: a line feed followed by "\n" or
    // "\r\n". The search goes on where the last one stopped, so a head that
    // arrives one byte at a time still costs linear time.
    std::size_t head_end = 0;  // 0: the head has not ended yet
    for (auto newline = received.find('\n', std::max(scanned_, start_)); newline != std::string_view::npos;
         newline = received.find('\n', newline + 1)) {
        const std::string_view after = received.substr(newline + 1);
        if (after.starts_with('\n') || after.starts_with("\r\n")) {
            head_end = newline + (after.starts_with('\n') ? 2 : 3);
            break;
        }
    }
    // The last two bytes may still become part of an empty line.
    scanned_ = std::max(start_, received.size() - std::min<std::size_t>(received.size(), 2));

    // Refuse as soon as the bytes cannot become a request (a TLS handshake
    // sent to this plain-HTTP port, say) or a limit is passed. These are the
    // only checks of the limits: a whole head goes through them too, in the
    // same order, so the answer never depends on how the bytes were cut.
    const std::string_view head = received.substr(0, head_end == 0 ? received.size() : head_end);
    if (start_ > kMaxRequestLine) {
        return failure(400, "Too many empty lines before the request line.");
    }
    const std::string_view method_start = head.substr(start_, 64);
    if (!std::ranges::all_of(method_start.substr(0, method_start.find(' ')), is_token_char)) {
        return failure(400, "This is not an HTTP request.");
    }
    // The line ending does not count, even when only its '\r' has arrived.
    const std::size_t line_end = head.find('\n', start_);
    if (without_line_ending(head.substr(start_, line_end - start_)).size() > kMaxRequestLine) {
        return failure(414, "The request line is too long.");
    }
    if (line_end != std::string_view::npos && head.size() - line_end - 1 > kMaxHeaderBytes) {
        return failure(431, "The request's header fields are too large.");
    }
    return head_end == 0 ? ParseResult{} : parse_head(head);
}

std::size_t content_length(const HttpRequest& request) {
    const auto value = request.header("Content-Length");
    return value ? parse_content_length(*value).value_or(0) : 0;
}

}  // namespace http
