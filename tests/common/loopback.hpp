#pragma once

// Connected sockets for the tests of common/'s socket, connection and
// server code: a socketpair, or a real TCP connection over 127.0.0.1.
#include "catch.hpp"
#include "socket.hpp"

#include <cerrno>
#include <chrono>
#include <string>
#include <system_error>
#include <utility>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace test {

/// Two connected stream sockets in this process (AF_UNIX).
inline std::pair<http::Socket, http::Socket> socket_pair() {
    int fds[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        throw std::system_error(errno, std::generic_category(), "socketpair");
    }
    return {http::Socket(http::FileDescriptor(fds[0])), http::Socket(http::FileDescriptor(fds[1]))};
}

/// A blocking TCP client connected to 127.0.0.1:`port`.
inline http::Socket connect_to(std::uint16_t port) {
    http::FileDescriptor fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        throw std::system_error(errno, std::generic_category(), "socket");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        throw std::system_error(errno, std::generic_category(), "connect");
    }
    return http::Socket(std::move(fd));
}

/// Waits (up to five seconds) for the next connection on `listener` and takes it.
inline http::AcceptedSocket accept_from(const http::Socket& listener) {
    const auto deadline = http::Clock::now() + std::chrono::seconds(5);
    while (true) {
        REQUIRE(listener.wait_readable(deadline) == http::WaitResult::ready);
        if (std::optional<http::AcceptedSocket> accepted = listener.accept()) {
            return std::move(*accepted);
        }
    }
}

/// Both ends of a TCP connection over 127.0.0.1.
struct TcpPair {
    http::Socket client;
    http::AcceptedSocket server;
};

inline TcpPair tcp_pair() {
    const http::Socket listener = http::Socket::listen("127.0.0.1", 0);
    http::Socket client = connect_to(listener.local_port());
    return TcpPair{std::move(client), accept_from(listener)};
}

/// Reads from `socket` until the peer closes it (or five seconds pass).
inline std::string read_all(const http::Socket& socket) {
    const auto deadline = http::Clock::now() + std::chrono::seconds(5);
    std::string received;
    char chunk[64 * 1024];
    while (socket.wait_readable(deadline) == http::WaitResult::ready) {
        const std::size_t size = socket.receive_some(chunk);
        if (size == 0) {
            break;
        }
        received.append(chunk, size);
    }
    return received;
}

}  // namespace test
