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

/// How much of a file Socket::send_file() reads and sends at a time.
inline constexpr std::size_t kFileChunkBytes = 64 * 1024;

/// From this size on, a file is sent kLargeFileChunkBytes at a time: fewer,
/// larger system calls move a long download faster, and it can spare the
/// memory; many smaller downloads at once keep the smaller pieces.
inline constexpr std::uint64_t kLargeFileBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kLargeFileChunkBytes = 256 * 1024;

/// A connection taken from a listening socket, and who made it.
struct AcceptedSocket;

/// What waiting on a socket ended with.
enum class WaitResult { ready, timed_out, shutdown };

/// A TCP socket that owns its descriptor. Every call checks its system call,
/// retries on EINTR, and throws std::system_error on failure.
class Socket {
public:
    explicit Socket(FileDescriptor fd) noexcept : fd_(std::move(fd)) {}

    /// A listening socket on `address` (IPv4, IPv6 or a name such as
    /// localhost) and `port` (0 lets the kernel pick a free port).
    static Socket listen(const std::string& address, std::uint16_t port);

    /// Takes one waiting connection off a listening socket; nullopt when
    /// none is waiting after all (or it was aborted before we took it).
    std::optional<AcceptedSocket> accept() const;

    /// The address this socket is bound to, such as "127.0.0.1" or "::1".
    std::string local_address() const;

    /// The port this socket is bound to (the real one after binding port 0).
    std::uint16_t local_port() const;

    /// Waits until there is something to read (or a connection to accept),
    /// the deadline passes, or SIGINT/SIGTERM asks the server to stop.
    WaitResult wait_readable(Clock::time_point deadline) const;

    /// Reads what has arrived, up to buffer.size() bytes; 0 means the peer
    /// closed its side. Call after wait_readable() said ready.
    std::size_t receive_some(std::span<char> buffer) const;

    /// Sends every byte, however many send() calls it takes. With
    /// `more_follows`, the kernel may hold them to share a packet with what
    /// is sent next (MSG_MORE).
    void send_all(std::string_view bytes, bool more_follows = false) const;

    /// Sends `size` bytes of `file`, starting at `offset`, a buffer at a time;
    /// the file's own offset is left alone.
    void send_file(const FileDescriptor& file, std::uint64_t offset, std::uint64_t size) const;

    /// Makes a send that cannot progress for `timeout` fail with EAGAIN, so
    /// a client that stops reading cannot block its sender forever.
    void set_send_timeout(std::chrono::milliseconds timeout) const;

    /// True when bytes (or the peer's end-of-file) wait to be read now.
    bool has_pending_input() const;

    /// Stops sending (the peer reads end-of-file) while still receiving.
    void shutdown_send() const;

    /// The raw descriptor, for system calls.
    int fd() const noexcept { return fd_.get(); }

private:
    FileDescriptor fd_;
};

struct AcceptedSocket {
    Socket socket;
    std::string peer_address;  ///< the client's address, for the access log
};

}  // namespace http
