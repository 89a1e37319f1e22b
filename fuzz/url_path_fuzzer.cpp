// Feeds arbitrary URL paths to step 3's resolve_request_path(), and checks
// its promise: the file it names is always inside the served folder, or the
// request is refused. Whatever the escapes ("%2e%2e", "%2f", "%00", "%5c"),
// whatever the dots and slashes:
// - a refusal is a 400 with a reason, and names no file;
// - an accepted path is relative, has no empty, "." or ".." segment, no NUL
//   and no backslash, so joined to any root it stays beneath that root;
// - a path that needs no refusing is not refused;
// and percent_encode_path() gives only URL-safe bytes that decode back.
#include "url_path.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

// True when `path`, joined to a root, leads outside it: a check written
// independently of the code under test, on std::filesystem's own rules.
bool leaves_root(const std::string& relative) {
    const std::filesystem::path root = "/srv/site";
    const std::filesystem::path joined = (root / relative).lexically_normal();
    const std::filesystem::path inside = joined.lexically_relative(root);
    return inside.empty() || *inside.begin() == "..";
}

// The segments of a decoded path climb above the root: some ".." has no
// folder left to leave.
bool climbs_above_root(std::string_view decoded) {
    long depth = 0;
    for (std::size_t start = 1; start <= decoded.size();) {
        const std::size_t end = std::min(decoded.find('/', start), decoded.size());
        const std::string_view segment = decoded.substr(start, end - start);
        if (segment == "..") {
            if (--depth < 0) {
                return true;
            }
        } else if (!segment.empty() && segment != ".") {
            ++depth;
        }
        start = end + 1;
    }
    return false;
}

void check_accepted(const http::RequestPath& resolved) {
    const std::string& relative = resolved.relative;
    require(resolved.reason.empty(), "an accepted path has no reason");
    require(!relative.starts_with('/') && !relative.ends_with('/'), "an accepted path is relative, without end slash");
    require(relative.find('\0') == std::string::npos && relative.find('\\') == std::string::npos,
            "an accepted path has no NUL and no backslash");
    for (std::size_t start = 0; !relative.empty() && start <= relative.size();) {
        const std::size_t end = std::min(relative.find('/', start), relative.size());
        const std::string_view segment = std::string_view(relative).substr(start, end - start);
        require(!segment.empty() && segment != "." && segment != "..",
                "an accepted path has no empty, '.' or '..' segment");
        start = end + 1;
    }
    require(!leaves_root(relative), "an accepted path stays inside the root");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view url_path(reinterpret_cast<const char*>(data), size);

    const http::RequestPath resolved = http::resolve_request_path(url_path);
    if (resolved.status == 200) {
        check_accepted(resolved);
        require(url_path.starts_with('/'), "only a path from '/' is accepted");
    } else {
        require(resolved.status == 400, "a refusal is a 400");
        require(!resolved.reason.empty(), "a refusal has a reason");
        require(resolved.relative.empty(), "a refusal names no file");
        // Each refusal has a cause that the promise names.
        const auto decoded = http::percent_decode(url_path);
        const bool has_cause = !url_path.starts_with('/') || !decoded ||
                               decoded->find_first_of(std::string_view("\0\\", 2)) != std::string::npos ||
                               climbs_above_root(*decoded);
        require(has_cause, "a path is refused only when malformed or climbing above the root");
    }

    // Encoding a name for a link or a Location header: only safe bytes,
    // and decoding gives the name back.
    const std::string encoded = http::percent_encode_path(url_path);
    require(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/%") ==
                std::string::npos,
            "an encoded path holds only URL-safe bytes");
    require(http::percent_decode(encoded) == url_path, "decoding an encoded path gives it back");
    return 0;
}
