#pragma once

#include <utility>

namespace http {

/// Owns one open file descriptor and closes it when destroyed (RAII).
/// Move-only: exactly one owner closes each descriptor, exactly once.
class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept;
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor();

    /// The raw descriptor, for system calls; -1 when empty.
    int get() const noexcept { return fd_; }
    /// True when this object owns an open descriptor.
    explicit operator bool() const noexcept { return fd_ >= 0; }

private:
    int fd_ = -1;
};

}  // namespace http
