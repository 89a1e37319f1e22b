#include "epoll.hpp"

#include <cerrno>
#include <system_error>

namespace http {

Epoll::Epoll() : fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (!fd_) {
        throw std::system_error(errno, std::generic_category(), "epoll_create1");
    }
}

void Epoll::add(int fd, std::uint32_t events) {
    epoll_event event{.events = events, .data = {.fd = fd}};
    if (::epoll_ctl(fd_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl(ADD)");
    }
}

void Epoll::modify(int fd, std::uint32_t events) {
    epoll_event event{.events = events, .data = {.fd = fd}};
    if (::epoll_ctl(fd_.get(), EPOLL_CTL_MOD, fd, &event) != 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_ctl(MOD)");
    }
}

std::size_t Epoll::wait(std::span<epoll_event> ready, int timeout_ms) {
    const int count = ::epoll_wait(fd_.get(), ready.data(), static_cast<int>(ready.size()), timeout_ms);
    if (count < 0 && errno == EINTR) {
        return 0;
    }
    if (count < 0) {
        throw std::system_error(errno, std::generic_category(), "epoll_wait");
    }
    return static_cast<std::size_t>(count);
}

}  // namespace http
