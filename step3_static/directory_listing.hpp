#pragma once

#include "file_descriptor.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace http {

/// One name in a folder, as a listing shows it.
struct ListingEntry {
    std::string name;
    bool is_directory = false;
};

/// The names in the open folder `directory`, without "." and "..", sorted
/// ignoring case (as python's http.server lists them).
std::vector<ListingEntry> read_directory(const FileDescriptor& directory);

/// An HTML page listing `entries` for the folder at `url_path` ("/docs/").
/// Names are HTML-escaped and links percent-encoded, so a file called
/// "<script>.html" or "?x#y" is shown and linked as itself.
std::string listing_page(std::string_view url_path, const std::vector<ListingEntry>& entries);

}  // namespace http
