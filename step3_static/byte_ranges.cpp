#include "byte_ranges.hpp"

#include "text.hpp"

#include <algorithm>
#include <limits>

namespace http {

namespace {

constexpr std::uint64_t kLargest = std::numeric_limits<std::uint64_t>::max();

// 1*DIGIT as a number. A value past 64 bits is kept as the largest one,
// which lies past the end of any file: "bytes=0-99999999999999999999"
// still means "to the end", and no arithmetic on it can overflow.
std::optional<std::uint64_t> parse_digits(std::string_view digits) {
    if (digits.empty()) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        value = value > (kLargest - digit) / 10 ? kLargest : value * 10 + digit;
    }
    return value;
}

// int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length
std::optional<RangeSpec> parse_range_spec(std::string_view text) {
    const std::size_t dash = text.find('-');
    if (dash == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view before = text.substr(0, dash);
    const std::string_view after = text.substr(dash + 1);
    RangeSpec spec;
    if (before.empty()) {
        spec.last = parse_digits(after);
        return spec.last ? std::optional(spec) : std::nullopt;
    }
    spec.first = parse_digits(before);
    if (!after.empty()) {
        spec.last = parse_digits(after);
    }
    // A last position before the first makes the whole header invalid (section 14.1.1).
    if (!spec.first || (!after.empty() && (!spec.last || *spec.last < *spec.first))) {
        return std::nullopt;
    }
    return spec;
}

// The bytes `spec` selects in a file of `size` bytes, or nullopt when it
// selects none (section 14.1.1: a first position at or past the end, or a
// suffix of length 0).
std::optional<ByteRange> resolve(const RangeSpec& spec, std::uint64_t size) {
    if (!spec.first) {
        const std::uint64_t length = std::min(*spec.last, size);
        return length == 0 ? std::nullopt : std::optional(ByteRange{size - length, length});
    }
    if (*spec.first >= size) {
        return std::nullopt;
    }
    const std::uint64_t last = std::min(spec.last.value_or(kLargest), size - 1);
    return ByteRange{*spec.first, last - *spec.first + 1};
}

}  // namespace

// $begin parse-range-header
std::optional<std::vector<RangeSpec>> parse_range_header(std::string_view value) {
    // ranges-specifier = range-unit "=" range-set; the unit is case-insensitive.
    constexpr std::string_view kUnit = "bytes=";
    if (!equals_ignoring_case(value.substr(0, kUnit.size()), kUnit)) {
        return std::nullopt;
    }
    value.remove_prefix(kUnit.size());
    // range-set = 1#range-spec: a comma-separated list, where empty
    // elements are allowed and skipped (section 5.6.1).
    std::vector<RangeSpec> specs;
    while (true) {
        const std::size_t comma = value.find(',');
        const std::string_view element = trim(value.substr(0, comma));
        if (!element.empty()) {
            // Counting before parsing bounds the work a long header can cause.
            if (specs.size() == kMaxRanges) {
                return std::nullopt;
            }
            const auto spec = parse_range_spec(element);
            if (!spec) {
                return std::nullopt;
            }
            specs.push_back(*spec);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    return specs.empty() ? std::nullopt : std::optional(std::move(specs));
}
// $end parse-range-header

// $begin answer-range
RangeAnswer answer_range(std::string_view range_header, std::uint64_t file_size) {
    const auto specs = parse_range_header(range_header);
    // An invalid Range header is ignored (section 14.2); so is any Range on
    // an empty file, where no range can be sent.
    if (!specs || file_size == 0) {
        return RangeAnswer{};
    }
    std::vector<ByteRange> ranges;
    for (const RangeSpec& spec : *specs) {
        if (const auto range = resolve(spec, file_size)) {
            ranges.push_back(*range);
        }
    }
    if (ranges.empty()) {
        return RangeAnswer{RangeAnswer::Kind::unsatisfiable, {}};
    }
    // Overlapping or adjacent ranges are merged into one (section 14.2 allows
    // it), so "0-0,0-0,0-0,..." asks for one byte, not for many copies.
    std::ranges::sort(ranges, {}, &ByteRange::offset);
    ByteRange merged = ranges.front();
    for (const ByteRange& range : ranges) {
        if (range.offset > merged.offset + merged.length) {
            // Several separate ranges would need a multipart/byteranges body:
            // a second framing, with its own boundary and part headers, for
            // clients that are rare (players, curl -C and wget -c ask for one
            // range). Section 14.2 lets a server send the whole file instead,
            // which is simple, correct, and never more than the file.
            return RangeAnswer{};
        }
        merged.length = std::max(merged.offset + merged.length, range.offset + range.length) - merged.offset;
    }
    return RangeAnswer{RangeAnswer::Kind::one_range, merged};
}
// $end answer-range

std::string content_range(ByteRange range, std::uint64_t file_size) {
    return "bytes " + std::to_string(range.offset) + "-" + std::to_string(range.offset + range.length - 1) + "/" +
           std::to_string(file_size);
}

std::string unsatisfied_content_range(std::uint64_t file_size) {
    return "bytes */" + std::to_string(file_size);
}

}  // namespace http
