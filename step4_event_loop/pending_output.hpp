#pragma once

#include "http_response.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace http {

/// What one call to PendingOutput::send_to() did.
struct SendProgress {
    std::size_t sent = 0;  ///< bytes the socket took
    bool done = false;     ///< nothing is left to send
};

/// What a connection still has to send: response heads and bodies held in
/// memory, then at most one file, sent a piece at a time as the socket
/// accepts them, so that a file is never in memory whole.
class PendingOutput {
public:
    /// Queues bytes held in memory.
    void append(std::string_view bytes) { bytes_.append(bytes); }

    /// Queues `file.size` bytes of `file` after everything queued so far.
    void append_file(FileBody file);

    /// True when a file is queued: nothing may be queued after it until it is sent.
    bool has_file() const noexcept { return static_cast<bool>(file_.file); }

    /// True when nothing is left to send.
    bool empty() const noexcept;

    /// Sends what `socket` takes without waiting, up to `budget` bytes, so
    /// that one long download cannot hold the loop. When `close_follows`, the
    /// connection closes once all is sent: the last bytes may wait for the
    /// close, which sends them and the FIN in one packet. Throws
    /// std::system_error when the client has gone or the file cannot be read.
    SendProgress send_to(int socket, std::size_t budget, bool close_follows);

private:
    std::size_t send_bytes(int socket, std::string_view bytes, bool more_follows);
    std::size_t send_from_file(int socket, std::size_t budget);
    void read_next_piece();

    std::string bytes_;
    std::size_t bytes_sent_ = 0;
    FileBody file_;
    std::uint64_t file_sent_ = 0;
    // A piece of the file read but not yet sent: [piece_begin_, piece_end_).
    std::unique_ptr<char[]> piece_;
    std::size_t piece_capacity_ = 0;
    std::size_t piece_begin_ = 0;
    std::size_t piece_end_ = 0;
};

}  // namespace http
