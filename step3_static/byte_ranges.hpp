#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http {

/// At most this many ranges in one Range header; past it the header is
/// ignored and the whole file sent. Real clients send one.
inline constexpr std::size_t kMaxRanges = 16;

/// One range-spec of a Range header, before the file's size is known.
struct RangeSpec {
    std::optional<std::uint64_t> first;  ///< absent: a suffix ("-500", the last 500 bytes)
    std::optional<std::uint64_t> last;   ///< absent: to the end ("9500-"); the length for a suffix
};

/// A run of bytes inside a file: `length` bytes from `offset`, never empty.
struct ByteRange {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;

    friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// The ranges of a "bytes=..." Range value (RFC 9110 section 14.1.1), in
/// the order given; numbers too large for 64 bits are taken as the largest.
/// nullopt when the value is malformed, has another unit, or holds more
/// than kMaxRanges ranges: such a header is ignored.
std::optional<std::vector<RangeSpec>> parse_range_header(std::string_view value);

/// What to answer a Range header with, for a file of a given size.
struct RangeAnswer {
    enum class Kind { whole_file, one_range, unsatisfiable };
    Kind kind = Kind::whole_file;
    ByteRange range;  ///< for one_range
};

/// Decides between 200 with the whole file, 206 with one range and 416.
RangeAnswer answer_range(std::string_view range_header, std::uint64_t file_size);

/// "bytes 0-499/1234", the Content-Range of a 206.
std::string content_range(ByteRange range, std::uint64_t file_size);

/// "bytes */1234", the Content-Range of a 416.
std::string unsatisfied_content_range(std::uint64_t file_size);

}  // namespace http
