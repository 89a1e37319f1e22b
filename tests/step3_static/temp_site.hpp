#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace test {

/// A temporary folder for one test: `root()` is the site a server serves,
/// and files written with write_beside() lie next to it, outside the site.
/// Everything is removed when the object is destroyed.
class TempSite {
public:
    TempSite() {
        std::string name = (std::filesystem::temp_directory_path() / "step3-site-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        base_ = name;
        std::filesystem::create_directory(root());
    }
    TempSite(const TempSite&) = delete;
    TempSite& operator=(const TempSite&) = delete;
    ~TempSite() {
        std::error_code ignored;
        std::filesystem::remove_all(base_, ignored);
    }

    /// The folder that holds the site and the files beside it.
    const std::filesystem::path& base() const { return base_; }

    /// The site's root folder, to pass with -d.
    std::filesystem::path root() const { return base_ / "site"; }

    /// Writes `bytes` to `relative` inside the site, making folders as needed.
    std::filesystem::path write(const std::string& relative, std::string_view bytes) const {
        return write_file(root() / relative, bytes);
    }

    /// Writes `bytes` to `name` beside the site, outside it.
    std::filesystem::path write_beside(const std::string& name, std::string_view bytes) const {
        return write_file(base_ / name, bytes);
    }

private:
    static std::filesystem::path write_file(const std::filesystem::path& path, std::string_view bytes) {
        std::filesystem::create_directories(path.parent_path());
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!file) {
            throw std::runtime_error("cannot write " + path.string());
        }
        return path;
    }

    std::filesystem::path base_;
};

/// The block that patterned files repeat: pseudo-random bytes, of a prime
/// length so that it lines up with no buffer or page size. A byte sent from
/// the wrong offset therefore breaks the comparison.
inline const std::string& pattern_block() {
    static const std::string block = [] {
        std::string bytes(1'000'003, '\0');
        std::uint64_t state = 0x9E3779B97F4A7C15ULL;
        for (char& byte : bytes) {
            // xorshift64: fast, and good enough to make every offset differ.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            byte = static_cast<char>(state >> 56);
        }
        return bytes;
    }();
    return block;
}

/// `size` bytes of the repeated block, as they stand from `offset` on in a
/// file made of it.
inline std::string patterned_bytes(std::size_t size, std::uint64_t offset = 0) {
    const std::string& block = pattern_block();
    std::string bytes;
    bytes.reserve(size);
    while (bytes.size() < size) {
        const std::size_t at = static_cast<std::size_t>((offset + bytes.size()) % block.size());
        bytes.append(block, at, std::min(block.size() - at, size - bytes.size()));
    }
    return bytes;
}

/// True when `bytes` are what a patterned file holds from `offset` on.
inline bool matches_pattern(std::string_view bytes, std::uint64_t offset) {
    const std::string& block = pattern_block();
    while (!bytes.empty()) {
        const std::size_t at = static_cast<std::size_t>(offset % block.size());
        const std::size_t length = std::min(block.size() - at, bytes.size());
        if (bytes.substr(0, length) != std::string_view(block).substr(at, length)) {
            return false;
        }
        bytes.remove_prefix(length);
        offset += length;
    }
    return true;
}

/// The whole content of the file at `path`.
inline std::string read_whole_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

}  // namespace test
