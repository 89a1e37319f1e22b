// Feeds arbitrary bytes to http::RequestParser the way the connection loop
// does, and checks what must hold for every input:
// - the bytes parse the same whether they arrive in one read, one byte at a
//   time, or in chunks of any size: the result may not depend on how TCP
//   happened to cut the stream;
// - a complete request consumed no more than was received, and nothing in it
//   that reaches a response or the log holds CR, LF or NUL;
// - a refusal carries one of the statuses the parser promises;
// - and, through the sanitizers, nothing crashes or reads out of bounds.
#include "request_parser.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using http::ParseResult;
using Status = ParseResult::Status;

// Stops the run with a message; libFuzzer saves the input that did it.
void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

bool has_line_break_or_nul(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// What the connection would see: the requests in order, then an error or
// "waiting for more" (incomplete) at the end of the bytes.
struct Outcome {
    std::vector<std::string> requests;  // each request as it would be handled
    Status last = Status::incomplete;
    int error_status = 0;
    std::string error_reason;

    bool operator==(const Outcome&) const = default;
};

// A complete request, written out field by field, after checking it.
std::string describe(const ParseResult& result, std::string_view received) {
    require(result.consumed > 0 && result.consumed <= received.size(), "consumed is within what was received");
    const std::string_view head = received.substr(0, result.consumed);
    require(head.ends_with("\n\n") || head.ends_with("\n\r\n"), "a head ends with its empty line");
    const http::HttpRequest& request = result.request;
    require(request.minor_version == 0 || request.minor_version == 1, "the version is HTTP/1.0 or HTTP/1.1");
    require(!request.method.empty() && !request.target.empty(), "method and target are present");
    const std::string line = request.request_line();
    require(!has_line_break_or_nul(line), "the request line holds no CR, LF or NUL");
    require(request.headers.size() <= http::kMaxHeaderFields, "at most kMaxHeaderFields fields");
    require(line.size() <= http::kMaxRequestLine, "the request line is within its limit");
    std::string text = line + '\n';
    for (const http::HttpHeader& field : request.headers) {
        require(!field.name.empty(), "a header name is not empty");
        require(!has_line_break_or_nul(field.name) && !has_line_break_or_nul(field.value),
                "a header field holds no CR, LF or NUL");
        text += field.name + ": " + field.value + '\n';
    }
    // What the connection asks of every request must not fail either.
    const std::string_view path = request.path();
    require(path.size() <= request.target.size(), "the path is part of the target");
    text += std::to_string(http::content_length(request)) + (request.wants_keep_alive() ? " keep-alive" : " close");
    return text;
}

// Feeds `bytes` in pieces of the given sizes (cycling through them), parsing
// after each piece and taking pipelined requests off the front, as the
// connection loop does.
Outcome feed(std::string_view bytes, const std::vector<std::size_t>& piece_sizes) {
    Outcome outcome;
    http::RequestParser parser;
    std::string received;
    received.reserve(bytes.size());
    std::size_t offset = 0;
    for (std::size_t piece = 0; offset < bytes.size(); ++piece) {
        const std::size_t size = std::min(piece_sizes[piece % piece_sizes.size()], bytes.size() - offset);
        received.append(bytes.substr(offset, size));
        offset += size;
        while (true) {
            const ParseResult result = parser.parse(received);
            if (result.status == Status::incomplete) {
                break;
            }
            if (result.status == Status::error) {
                const int status = result.error.status;
                require(status == 400 || status == 414 || status == 431 || status == 501 || status == 505,
                        "an error status is 400, 414, 431, 501 or 505");
                require(!result.error.reason.empty(), "an error has a reason");
                outcome.last = Status::error;
                outcome.error_status = status;
                outcome.error_reason = result.error.reason;
                return outcome;
            }
            outcome.requests.push_back(describe(result, received));
            received.erase(0, result.consumed);
            parser.reset();
        }
    }
    return outcome;
}

// Inputs up to this size are also fed one byte at a time; larger ones (made
// to reach the 64 KiB header limit) in pieces, to keep the runs fast.
constexpr std::size_t kBytewiseLimit = 16 * 1024;

// Piece sizes drawn from the bytes themselves, so that each new input
// also tries new places to cut.
std::vector<std::size_t> pseudo_random_pieces(std::string_view bytes) {
    const std::uint32_t small = bytes.size() <= kBytewiseLimit ? 17 : 257;
    std::uint32_t hash = 2166136261u;  // FNV-1a
    for (const char c : bytes) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    }
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 16; ++i) {
        hash = hash * 1103515245u + 12345u;
        // Mostly small pieces, now and then a large one.
        sizes.push_back((hash >> 16) % 8 == 0 ? 1 + (hash >> 8) % 4096 : 1 + (hash >> 8) % small);
    }
    return sizes;
}

// On a mismatch, shows both outcomes before stopping.
void require_same(const Outcome& split, const Outcome& whole, const char* what) {
    if (split == whole) {
        return;
    }
    for (const Outcome* outcome : {&whole, &split}) {
        std::fprintf(stderr, "%s: %zu requests, then %s %d %s\n", outcome == &whole ? "whole" : "split",
                     outcome->requests.size(),
                     outcome->last == Status::error ? "error" : "incomplete", outcome->error_status,
                     outcome->error_reason.c_str());
    }
    require(false, what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (bytes.empty()) {
        return 0;
    }
    const Outcome whole = feed(bytes, {bytes.size()});
    if (bytes.size() <= kBytewiseLimit) {
        require_same(feed(bytes, {1}), whole, "one byte at a time parses as the whole");
    }
    require_same(feed(bytes, pseudo_random_pieces(bytes)), whole, "pieces of any size parse as the whole");
    // Two pieces, cut at a point that depends on the input.
    const std::size_t cut = 1 + pseudo_random_pieces(bytes).front() * 7919 % bytes.size();
    require_same(feed(bytes, {cut, bytes.size()}), whole, "two pieces parse as the whole");
    return 0;
}
