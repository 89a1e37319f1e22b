// Unit tests of Range headers (RFC 9110 section 14), most on the RFC's own
// examples: a representation of 10000 bytes.
#include "byte_ranges.hpp"
#include "catch.hpp"

#include <string>

using http::answer_range;
using http::ByteRange;
using Kind = http::RangeAnswer::Kind;

namespace {

constexpr std::uint64_t kSize = 10000;

// The one range answer_range() picks, or {0, 0} when it picks none.
ByteRange one_range(std::string_view header, std::uint64_t size = kSize) {
    const http::RangeAnswer answer = answer_range(header, size);
    return answer.kind == Kind::one_range ? answer.range : ByteRange{};
}

}  // namespace

TEST_CASE("the RFC's examples of first and last bytes select those bytes", "[step3][range]") {
    CHECK(one_range("bytes=0-499") == ByteRange{0, 500});
    CHECK(one_range("bytes=500-999") == ByteRange{500, 500});
    CHECK(one_range("bytes=-500") == ByteRange{9500, 500});
    CHECK(one_range("bytes=9500-") == ByteRange{9500, 500});
}

TEST_CASE("the RFC's overlapping and adjacent ranges are merged into one", "[step3][range]") {
    // Section 14.1.2: both mean "the second 500 bytes".
    CHECK(one_range("bytes=500-600,601-999") == ByteRange{500, 500});
    CHECK(one_range("bytes=500-700,601-999") == ByteRange{500, 500});
    CHECK(one_range("bytes=601-999,500-600") == ByteRange{500, 500});
}

TEST_CASE("separate ranges get the whole file, never a multipart body", "[step3][range]") {
    // The RFC's "first and last bytes only".
    CHECK(answer_range("bytes=0-0,-1", kSize).kind == Kind::whole_file);
    CHECK(answer_range("bytes=0-9,20-29", kSize).kind == Kind::whole_file);
}

TEST_CASE("many copies of one range ask for that range once", "[step3][range]") {
    // Apache's CVE-2011-3192 answered each overlapping range in full.
    std::string header = "bytes=0-";
    for (int i = 0; i < 15; ++i) {
        header += ",0-";
    }
    CHECK(one_range(header) == ByteRange{0, kSize});
}

TEST_CASE("more ranges than the limit make the header ignored", "[step3][range]") {
    std::string header = "bytes=0-0";
    for (std::size_t i = 1; i < http::kMaxRanges; ++i) {
        header += ",0-0";
    }
    CHECK(answer_range(header, kSize).kind == Kind::one_range);
    CHECK(answer_range(header + ",0-0", kSize).kind == Kind::whole_file);
}

TEST_CASE("a last position past the end, or a suffix longer than the file, is cut to the file", "[step3][range]") {
    CHECK(one_range("bytes=9990-20000") == ByteRange{9990, 10});
    CHECK(one_range("bytes=-20000") == ByteRange{0, kSize});
    CHECK(one_range("bytes=0-99999999999999999999999999") == ByteRange{0, kSize});
    CHECK(one_range("bytes=-99999999999999999999999999") == ByteRange{0, kSize});
}

TEST_CASE("only ranges that start past the end, or empty suffixes, are unsatisfiable", "[step3][range]") {
    const char* header = GENERATE("bytes=10000-", "bytes=10000-10005", "bytes=-0", "bytes=20000-,-0",
                                  "bytes=99999999999999999999999999-");
    INFO(header);
    CHECK(answer_range(header, kSize).kind == Kind::unsatisfiable);
}

TEST_CASE("an unsatisfiable range beside a satisfiable one is dropped", "[step3][range]") {
    CHECK(one_range("bytes=20000-,0-9") == ByteRange{0, 10});
}

TEST_CASE("a malformed Range or another unit is ignored", "[step3][range]") {
    const char* header = GENERATE("", "bytes", "bytes=", "bytes=,", "bytes=a-b", "bytes=5", "bytes=5-4",
                                  "bytes=--5", "bytes=-", "bytes=+1-2", "bytes=1-+2", "bytes=0x1-2", "bytes=1 -2",
                                  "bytes =0-1", "items=0-1", "bytes=0-1;", "bytes=0-1,x", "bytes=-1-2");
    INFO("Range: " << header);
    CHECK(answer_range(header, kSize).kind == Kind::whole_file);
}

TEST_CASE("the unit is case-insensitive and spaces and empty elements in the list are allowed", "[step3][range]") {
    CHECK(one_range("Bytes=0-499") == ByteRange{0, 500});
    CHECK(one_range("bytes= 0-499 , ,500-999 ") == ByteRange{0, 1000});
}

TEST_CASE("a Range on an empty file is ignored", "[step3][range]") {
    CHECK(answer_range("bytes=0-", 0).kind == Kind::whole_file);
    CHECK(answer_range("bytes=-5", 0).kind == Kind::whole_file);
}

TEST_CASE("Content-Range is written as in the RFC's examples", "[step3][range]") {
    CHECK(http::content_range(ByteRange{42, 1192}, 1234) == "bytes 42-1233/1234");
    CHECK(http::content_range(ByteRange{0, 1}, 1) == "bytes 0-0/1");
    CHECK(http::unsatisfied_content_range(1234) == "bytes */1234");
}
