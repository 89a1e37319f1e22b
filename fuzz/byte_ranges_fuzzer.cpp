// Feeds arbitrary Range header values to step 3's answer_range(), with file
// sizes taken from the input too, and checks its promise: whatever the
// numbers, overlaps and list tricks,
// - a range answered is never empty and lies inside the file, so no answer
//   sends more than the file (Apache's CVE-2011-3192) and no arithmetic
//   wraps past 64 bits (nginx's CVE-2017-7529);
// - a header with more than kMaxRanges ranges, or a malformed one, is
//   ignored, and an empty file is never answered with a range;
// - Content-Range names the same bytes.
#include "byte_ranges.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

void check(std::string_view header, std::uint64_t size) {
    const http::RangeAnswer answer = http::answer_range(header, size);
    const auto specs = http::parse_range_header(header);
    require(!specs || (!specs->empty() && specs->size() <= http::kMaxRanges), "1 to kMaxRanges ranges are parsed");
    if (!specs || size == 0) {
        require(answer.kind == http::RangeAnswer::Kind::whole_file, "an ignored Range gets the whole file");
    }
    if (answer.kind != http::RangeAnswer::Kind::one_range) {
        return;
    }
    const http::ByteRange range = answer.range;
    require(range.length > 0, "a range is never empty");
    require(range.offset < size && range.length <= size - range.offset, "a range lies inside the file");
    const std::string expected = "bytes " + std::to_string(range.offset) + "-" +
                                 std::to_string(range.offset + range.length - 1) + "/" + std::to_string(size);
    require(http::content_range(range, size) == expected, "Content-Range names the range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first 8 bytes, when there are that many, give one more file size
    // to try; the rest is the header value.
    std::uint64_t chosen_size = 0;
    const std::size_t size_bytes = size >= sizeof chosen_size ? sizeof chosen_size : 0;
    std::memcpy(&chosen_size, data, size_bytes);
    const std::string_view header(reinterpret_cast<const char*>(data) + size_bytes, size - size_bytes);
    for (const std::uint64_t file_size : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{10000}, chosen_size,
                                          std::numeric_limits<std::uint64_t>::max()}) {
        check(header, file_size);
    }
    return 0;
}
