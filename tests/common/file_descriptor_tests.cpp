// Unit tests of FileDescriptor: RAII ownership of one descriptor.
#include "catch.hpp"
#include "file_descriptor.hpp"

#include <cerrno>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

using http::FileDescriptor;

namespace {

int open_descriptor() {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    return fd;
}

// True when `fd` names an open descriptor in this process.
bool is_open(int fd) {
    errno = 0;
    const bool open = ::fcntl(fd, F_GETFD) != -1;
    if (!open) {
        CHECK(errno == EBADF);
    }
    return open;
}

}  // namespace

TEST_CASE("a FileDescriptor closes its descriptor when destroyed", "[common][file_descriptor]") {
    const int raw = open_descriptor();
    {
        const FileDescriptor fd(raw);
        CHECK(fd.get() == raw);
        CHECK(static_cast<bool>(fd));
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("an empty FileDescriptor is -1 and false", "[common][file_descriptor]") {
    const FileDescriptor empty;
    CHECK(empty.get() == -1);
    CHECK_FALSE(static_cast<bool>(empty));
    const FileDescriptor failed(-1);
    CHECK_FALSE(static_cast<bool>(failed));
}

TEST_CASE("moving a FileDescriptor transfers ownership without closing", "[common][file_descriptor]") {
    const int raw = open_descriptor();
    FileDescriptor first(raw);
    {
        const FileDescriptor second(std::move(first));
        CHECK(first.get() == -1);
        CHECK_FALSE(static_cast<bool>(first));
        CHECK(second.get() == raw);
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("move-assigning closes the old descriptor and takes the new one", "[common][file_descriptor]") {
    const int old_raw = open_descriptor();
    const int new_raw = open_descriptor();
    FileDescriptor target(old_raw);
    FileDescriptor source(new_raw);
    target = std::move(source);
    CHECK_FALSE(is_open(old_raw));
    CHECK(is_open(new_raw));
    CHECK(target.get() == new_raw);
    CHECK(source.get() == -1);
}

TEST_CASE("move-assigning a FileDescriptor to itself keeps it open", "[common][file_descriptor]") {
    const int raw = open_descriptor();
    FileDescriptor fd(raw);
    FileDescriptor& same = fd;
    fd = std::move(same);
    CHECK(fd.get() == raw);
    CHECK(is_open(raw));
}
