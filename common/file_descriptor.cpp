#include "file_descriptor.hpp"

#include <unistd.h>

namespace http {

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
        FileDescriptor old(std::exchange(fd_, std::exchange(other.fd_, -1)));
    }
    return *this;
}

FileDescriptor::~FileDescriptor() {
    // close() may fail with EINTR, but Linux frees the descriptor anyway, so
    // retrying could close a descriptor another thread has just been given.
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

}  // namespace http
