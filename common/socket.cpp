#include "socket.hpp"

#include "process_setup.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace http {

namespace {

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Makes a system call again when a signal interrupts it (EINTR), and throws
// on any other failure; returns what the call did, which is never negative.
template <typename SystemCall>
std::size_t retried(const char* what, SystemCall call) {
    while (true) {
        const auto result = call();
        if (result >= 0) {
            return static_cast<std::size_t>(result);
        }
        if (errno != EINTR) {
            throw_errno(what);
        }
    }
}

void set_option(int fd, int level, int name, const void* value, socklen_t size) {
    if (::setsockopt(fd, level, name, value, size) != 0) {
        throw_errno("setsockopt");
    }
}

// $begin try-listen
// Binds and listens on one resolved address; an empty descriptor on failure,
// with errno saying why.
FileDescriptor try_listen(const addrinfo& address) {
    FileDescriptor fd(::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                               address.ai_protocol));
    if (!fd) {
        return fd;
    }
    // Lets a restarted server bind its port at once, while connections of the
    // previous run are still in TIME_WAIT.
    const int on = 1;
    set_option(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    // SOMAXCONN (4096 on current Linux) queues bursts of new connections that
    // a short backlog such as python's 5 would refuse or delay.
    if (::bind(fd.get(), address.ai_addr, address.ai_addrlen) != 0 || ::listen(fd.get(), SOMAXCONN) != 0) {
        return FileDescriptor();
    }
    return fd;
}
// $end try-listen

// "127.0.0.1" or "::1": the numeric form of an IPv4 or IPv6 address.
std::string format_address(const sockaddr_storage& address) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    const void* raw = address.ss_family == AF_INET6
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6&>(address).sin6_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in&>(address).sin_addr);
    if (::inet_ntop(address.ss_family, raw, text.data(), text.size()) == nullptr) {
        return "?";
    }
    return text.data();
}

sockaddr_storage local_endpoint(int fd) {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        throw_errno("getsockname");
    }
    return address;
}

}  // namespace

Socket Socket::listen(const std::string& address, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int error = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found); error != 0) {
        throw std::runtime_error(fmt::format("cannot resolve address '{}': {}", address, ::gai_strerror(error)));
    }
    // The first address that works wins, as for python's socketserver.
    int last_error = EADDRNOTAVAIL;
    FileDescriptor listener;
    for (const addrinfo* candidate = found; candidate != nullptr && !listener; candidate = candidate->ai_next) {
        listener = try_listen(*candidate);
        last_error = errno;
    }
    ::freeaddrinfo(found);
    if (!listener) {
        throw std::system_error(last_error, std::generic_category(),
                                fmt::format("cannot listen on {} port {}", address, port));
    }
    return Socket(std::move(listener));
}

// $begin accept
std::optional<AcceptedSocket> Socket::accept(AcceptMode mode) const {
    sockaddr_storage peer{};
    socklen_t size = sizeof peer;
    // The listener is non-blocking, so a connection that vanished between
    // poll() and accept() gives EAGAIN here instead of blocking the loop.
    const int flags = SOCK_CLOEXEC | (mode == AcceptMode::non_blocking ? SOCK_NONBLOCK : 0);
    FileDescriptor client(::accept4(fd(), reinterpret_cast<sockaddr*>(&peer), &size, flags));
    if (!client) {
        switch (errno) {
            case EAGAIN: case EINTR: case ECONNABORTED: case EPROTO: case EPERM:
                return std::nullopt;
            default:  // EMFILE, ENFILE, ENOBUFS, ENOMEM: the caller decides
                throw_errno("accept");
        }
    }
    return AcceptedSocket{Socket(std::move(client)), format_address(peer)};
}
// $end accept

std::string Socket::local_address() const {
    return format_address(local_endpoint(fd()));
}

std::uint16_t Socket::local_port() const {
    const sockaddr_storage address = local_endpoint(fd());
    const in_port_t port = address.ss_family == AF_INET6
                               ? reinterpret_cast<const sockaddr_in6&>(address).sin6_port
                               : reinterpret_cast<const sockaddr_in&>(address).sin_port;
    return ntohs(port);
}

// $begin wait-readable
WaitResult Socket::wait_readable(Clock::time_point deadline) const {
    // poll() watches the socket and the shutdown signal together, so neither
    // a silent client nor a pending signal goes unnoticed.
    std::array<pollfd, 2> watched{{{.fd = fd(), .events = POLLIN, .revents = 0},
                                   {.fd = shutdown_signal_fd(), .events = POLLIN, .revents = 0}}};
    while (true) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        const int timeout_ms = static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(
            left.count(), 0, std::numeric_limits<int>::max()));
        const int ready = ::poll(watched.data(), watched.size(), timeout_ms);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready < 0) {
            throw_errno("poll");
        }
        if (watched[1].revents != 0) {
            return WaitResult::shutdown;
        }
        if (watched[0].revents != 0) {
            return WaitResult::ready;
        }
        if (timeout_ms == 0) {
            return WaitResult::timed_out;
        }
    }
}
// $end wait-readable

std::size_t Socket::receive_some(std::span<char> buffer) const {
    return retried("recv", [&] { return ::recv(fd(), buffer.data(), buffer.size(), 0); });
}

// $begin send-all
void Socket::send_all(std::string_view bytes) const {
    // send() may take only part of the bytes (a full socket buffer, a
    // signal); keep going from where it stopped.
    while (!bytes.empty()) {
        bytes.remove_prefix(retried("send", [&] { return ::send(fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL); }));
    }
}
// $end send-all

// $begin send-file
void Socket::send_file(const FileDescriptor& file, std::uint64_t offset, std::uint64_t size) const {
    // One buffer, read into and sent from in turn: memory stays flat
    // whatever the file's size.
    std::vector<char> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(size, 64 * 1024)));
    while (size > 0) {
        const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(size, buffer.size()));
        const std::size_t got = retried(
            "pread", [&] { return ::pread(file.get(), buffer.data(), wanted, static_cast<off_t>(offset)); });
        if (got == 0) {
            // The file shrank while we were sending it: the promised
            // Content-Length cannot be met, so the connection must end.
            throw std::system_error(EIO, std::generic_category(), "file shrank while being sent");
        }
        send_all(std::string_view(buffer.data(), got));
        offset += got;
        size -= got;
    }
}
// $end send-file

void Socket::set_no_delay() const {
    const int on = 1;
    set_option(fd(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

void Socket::set_send_timeout(std::chrono::milliseconds timeout) const {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout - seconds);
    const timeval value{.tv_sec = seconds.count(), .tv_usec = micros.count()};
    set_option(fd(), SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);
}

void Socket::shutdown_send() const {
    // ENOTCONN: the peer has already gone, which is what we wanted anyway.
    if (::shutdown(fd(), SHUT_WR) != 0 && errno != ENOTCONN) {
        throw_errno("shutdown");
    }
}

}  // namespace http
