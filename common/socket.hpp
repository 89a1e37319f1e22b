#pragma once

#include "file_descriptor.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace http {

using Clock = std::chrono::steady_clock;

/// What waiting on a socket ended with.
enum class WaitResult { ready, timed_out, shutdown };

/// How accept() hands over a client's socket: blocking, for a thread that
/// waits on it; non-blocking, for an event loop that must never wait.
enum class AcceptMode { blocking, non_blocking };

struct AcceptedSocket;

/// A TCP socket that owns its descriptor. Every call checks its system call,
/// retries on EINTR, and throws std::system_error on failure.
class Socket {
public:
    explicit Socket(FileDescriptor fd) noexcept : fd_(std::move(fd)) {}

    /// A listening socket on `address` (IPv4, IPv6 or a name) and `port` (0: any free one).
    static Socket listen(const std::string& address, std::uint16_t port);

    /// Takes one waiting connection; nullopt when there is none after all.
    std::optional<AcceptedSocket> accept(AcceptMode mode = AcceptMode::blocking) const;

    /// The address this socket is bound to, such as "127.0.0.1" or "::1".
    std::string local_address() const;

    /// The port this socket is bound to (the real one after binding port 0).
    std::uint16_t local_port() const;

    /// Waits for something to read, the deadline, or a shutdown signal.
    WaitResult wait_readable(Clock::time_point deadline) const;

    /// Reads what has arrived, up to buffer.size() bytes; 0: the peer closed.
    std::size_t receive_some(std::span<char> buffer) const;

    /// Sends every byte, however many send() calls it takes.
    void send_all(std::string_view bytes) const;

    /// Sends `size` bytes of `file` from `offset`, through one 64 KiB buffer
    /// whatever the size; the file's own offset is left alone.
    void send_file(const FileDescriptor& file, std::uint64_t offset, std::uint64_t size) const;

    /// Sends each write at once instead of holding a small one back
    /// (turns Nagle's algorithm off: TCP_NODELAY).
    void set_no_delay() const;

    /// Makes a send that cannot progress for `timeout` fail (EAGAIN).
    void set_send_timeout(std::chrono::milliseconds timeout) const;

    /// Stops sending (the peer reads end-of-file) while still receiving.
    void shutdown_send() const;

    /// The raw descriptor, for system calls.
    int fd() const noexcept { return fd_.get(); }

private:
    FileDescriptor fd_;
};

/// A connection taken from a listening socket, and who made it.
struct AcceptedSocket {
    Socket socket;
    std::string peer_address;  ///< the client's address, for the access log
};

}  // namespace http
