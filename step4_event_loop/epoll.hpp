#pragma once

#include "file_descriptor.hpp"

#include <cstdint>
#include <span>

#include <sys/epoll.h>

namespace http {

/// An epoll instance: the set of descriptors one thread waits on at once.
/// Each call checks its system call and throws std::system_error on failure.
class Epoll {
public:
    Epoll();

    /// Starts watching `fd` for `events` (EPOLLIN, EPOLLOUT).
    void add(int fd, std::uint32_t events);

    /// Watches `fd`, already added, for `events` instead; 0 pauses it.
    void modify(int fd, std::uint32_t events);

    /// Waits until some descriptors are ready or `timeout_ms` passes (-1:
    /// no limit), and fills `ready` with them; how many (0 on a signal).
    std::size_t wait(std::span<epoll_event> ready, int timeout_ms);

private:
    FileDescriptor fd_;
};

}  // namespace http
