#include "site_root.hpp"

#include "access_log.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <system_error>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

namespace http {

namespace {

// O_NONBLOCK: opening a named pipe (FIFO) would otherwise wait for a writer
// forever; it changes nothing for regular files. O_NOCTTY: a terminal
// device never becomes the server's controlling terminal.
constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// Where openat2() is missing (Linux before 5.6, other systems), the check is
// done by hand: the canonical path must start with the canonical root.
// Slower, and a symbolic link swapped in between the check and the open can
// still win the race: the price of having no openat2().
int open_checked_by_hand(const std::filesystem::path& root, const std::string& relative) {
    const std::filesystem::path wanted = root / relative;
    char resolved[PATH_MAX];
    if (::realpath(wanted.c_str(), resolved) == nullptr) {
        return -1;
    }
    const std::string_view canonical = resolved;
    const std::string_view prefix = root.native();
    const bool inside = canonical == prefix || (canonical.starts_with(prefix) &&
                                                (prefix.ends_with('/') || canonical[prefix.size()] == '/'));
    if (!inside) {
        errno = EXDEV;
        return -1;
    }
    int fd = -1;
    do {
        fd = ::open(resolved, kOpenFlags);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

}  // namespace

SiteRoot::SiteRoot(const std::filesystem::path& directory) {
    auto folder = std::make_shared<Folder>();
    folder->path = std::filesystem::canonical(directory);
    folder->directory = FileDescriptor(::open(folder->path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!folder->directory) {
        throw std::system_error(errno, std::generic_category(), fmt::format("open {}", folder->path.string()));
    }
    folder_ = std::move(folder);
}

// $begin open
OpenedFile SiteRoot::open(const std::string& relative) const {
    OpenedFile opened;
    int fd = -1;
#ifdef SYS_openat2
    // The kernel resolves the path and refuses (EXDEV) any step that would
    // leave the root: a "..", an absolute symbolic link, or a relative one
    // that points outside. A link that stays inside the site is followed.
    // One system call, and no window for a race.
    open_how how{};
    how.flags = kOpenFlags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    do {
        fd = static_cast<int>(::syscall(SYS_openat2, folder_->directory.get(), relative.c_str(), &how, sizeof how));
    } while (fd < 0 && errno == EINTR);
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
        // An old kernel, or a sandbox that forbids openat2().
        fd = open_checked_by_hand(folder_->path, relative);
    }
#else
    fd = open_checked_by_hand(folder_->path, relative);
#endif
    if (fd < 0) {
        opened.error = errno;
        return opened;
    }
    opened.file = FileDescriptor(fd);
    if (::fstat(fd, &opened.info) != 0) {
        throw std::system_error(errno, std::generic_category(), "fstat");
    }
    return opened;
}
// $end open

SiteRoot open_site_root_or_exit(const std::filesystem::path& directory) {
    try {
        return SiteRoot(directory);
    } catch (const std::exception& error) {
        log_error(fmt::format("cannot serve {}: {}", directory.string(), error.what()));
        std::exit(1);
    }
}

}  // namespace http
