#include "directory_listing.hpp"

#include "http_response.hpp"
#include "text.hpp"
#include "url_path.hpp"

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace http {

std::vector<ListingEntry> read_directory(const FileDescriptor& directory) {
    // readdir() consumes the descriptor it is given, so it gets a copy.
    const int copy = ::fcntl(directory.get(), F_DUPFD_CLOEXEC, 0);
    if (copy < 0) {
        throw std::system_error(errno, std::generic_category(), "dup");
    }
    const std::unique_ptr<DIR, int (*)(DIR*)> stream(::fdopendir(copy), ::closedir);
    if (!stream) {
        const int error = errno;
        ::close(copy);
        throw std::system_error(error, std::generic_category(), "fdopendir");
    }
    std::vector<ListingEntry> entries;
    while (const dirent* entry = ::readdir(stream.get())) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        bool is_directory = entry->d_type == DT_DIR;
        if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
            // A link to a folder is shown as a folder, as python shows it.
            struct stat info {};
            is_directory = ::fstatat(directory.get(), entry->d_name, &info, 0) == 0 && S_ISDIR(info.st_mode);
        }
        entries.push_back(ListingEntry{std::string(name), is_directory});
    }
    std::ranges::sort(entries, [](const ListingEntry& a, const ListingEntry& b) {
        return std::pair(to_lower(a.name), a.name) < std::pair(to_lower(b.name), b.name);
    });
    return entries;
}

std::string listing_page(std::string_view url_path, const std::vector<ListingEntry>& entries) {
    const std::string title = escape_html(fmt::format("Directory listing for {}", url_path));
    std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{0}</title></head>\n"
        "<body>\n<h1>{0}</h1>\n<hr>\n<ul>\n",
        title);
    for (const ListingEntry& entry : entries) {
        // The link is relative to this folder's URL, which ends in '/'; a
        // name like "javascript:x" cannot become a scheme once ':' is %3A.
        const std::string_view slash = entry.is_directory ? "/" : "";
        page += fmt::format("<li><a href=\"{}{}\">{}{}</a></li>\n", percent_encode_path(entry.name), slash,
                            escape_html(entry.name), slash);
    }
    page += "</ul>\n<hr>\n</body>\n</html>\n";
    return page;
}

}  // namespace http
