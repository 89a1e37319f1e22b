#pragma once

#include "file_descriptor.hpp"

#include <filesystem>
#include <memory>
#include <string>

#include <sys/stat.h>

namespace http {

/// A file opened inside the site, with what fstat() said about it, or the
/// errno that opening it failed with.
struct OpenedFile {
    FileDescriptor file;       ///< open when `error` is 0
    struct stat info {};       ///< type, size and modification time, when open
    int error = 0;             ///< ENOENT, EACCES, EXDEV (leads outside the site), ...
};

/// The folder a site is served from, opened once. Files are opened relative
/// to it, and the kernel refuses any that lie outside it. Copies are cheap:
/// they share the one open folder, so each thread can hold its own.
class SiteRoot {
public:
    /// Opens `directory`; throws std::system_error when it cannot.
    explicit SiteRoot(const std::filesystem::path& directory);

    /// Opens `relative` ("docs/a.html", or "." for the root itself) for
    /// reading, and fstat()s it.
    OpenedFile open(const std::string& relative) const;

private:
    struct Folder {
        std::filesystem::path path;  // canonical: no symbolic links, no "..", absolute
        FileDescriptor directory;
    };
    std::shared_ptr<const Folder> folder_;
};

/// Opens the site's folder, or prints why it cannot and exits with status 1.
SiteRoot open_site_root_or_exit(const std::filesystem::path& directory);

}  // namespace http
