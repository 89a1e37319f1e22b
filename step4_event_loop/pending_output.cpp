#include "pending_output.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

namespace http {

namespace {

// Files below this size go out with sendfile(), which the kernel copies
// from its file cache to the socket, at about half the CPU time of pread()
// and send(); from this size on, a long download is read and sent in pieces
// of kPieceBytes: on loopback, that cost the server less CPU time per byte
// than sendfile() did, and large pieces less than small ones
// (docs/8-step4-event-loop.md has the figures).
constexpr std::uint64_t kLargeFile = 16 * 1024 * 1024;
constexpr std::size_t kPieceBytes = 1024 * 1024;

}  // namespace

void PendingOutput::append_file(FileBody file) {
    if (file.size == 0) {
        return;  // nothing to read: the head said Content-Length: 0
    }
    file_ = std::move(file);
    file_sent_ = 0;
}

bool PendingOutput::empty() const noexcept {
    return bytes_sent_ == bytes_.size() && !file_.file && piece_begin_ == piece_end_;
}

// $begin send-to
SendProgress PendingOutput::send_to(int socket, std::size_t budget, bool close_follows) {
    SendProgress progress;
    while (progress.sent < budget) {
        if (bytes_sent_ < bytes_.size()) {
            // Heads and small bodies first, in one send; MSG_MORE lets the
            // kernel fill its packet with the file, or the FIN, that follows.
            const std::string_view rest = std::string_view(bytes_).substr(bytes_sent_);
            const std::size_t sent = send_bytes(socket, rest, has_file() || close_follows);
            if (sent == 0) {
                return progress;  // the socket is full: wait until it drains
            }
            bytes_sent_ += sent;
            progress.sent += sent;
            continue;
        }
        if (piece_begin_ == piece_end_ && file_.file && file_.size < kLargeFile) {
            const std::size_t sent = send_from_file(socket, budget - progress.sent);
            if (sent == 0) {
                return progress;
            }
            progress.sent += sent;
            continue;
        }
        if (piece_begin_ == piece_end_ && file_.file) {
            read_next_piece();
        }
        if (piece_begin_ == piece_end_) {
            break;  // all sent
        }
        const std::string_view piece(piece_.get() + piece_begin_, piece_end_ - piece_begin_);
        const std::size_t sent = send_bytes(socket, piece, file_.file || close_follows);
        if (sent == 0) {
            return progress;
        }
        piece_begin_ += sent;
        progress.sent += sent;
    }
    if (bytes_sent_ == bytes_.size()) {
        // Sent: the memory goes back, so an idle connection holds none.
        bytes_.clear();
        bytes_.shrink_to_fit();
        bytes_sent_ = 0;
    }
    if (!file_.file && piece_begin_ == piece_end_ && piece_) {
        piece_.reset();  // the file is sent: its buffer goes back
        piece_capacity_ = 0;
    }
    progress.done = empty();
    return progress;
}
// $end send-to

// How many bytes the socket took: 0 when it is full.
std::size_t PendingOutput::send_bytes(int socket, std::string_view bytes, bool more_follows) {
    const int flags = MSG_NOSIGNAL | MSG_DONTWAIT | (more_follows ? MSG_MORE : 0);
    while (true) {
        const ssize_t sent = ::send(socket, bytes.data(), bytes.size(), flags);
        if (sent >= 0) {
            return static_cast<std::size_t>(sent);
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 0;
        }
        if (errno != EINTR) {
            throw std::system_error(errno, std::generic_category(), "send");
        }
    }
}

// $begin send-from-file
// Has the kernel send up to `budget` bytes of the file straight from its
// file cache; 0 when the socket is full. Once the last byte is sent, the
// file is closed.
std::size_t PendingOutput::send_from_file(int socket, std::size_t budget) {
    // A range starts at file_.offset, not at the file's first byte.
    auto offset = static_cast<off_t>(file_.offset + file_sent_);
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(file_.size - file_sent_, budget));
    ssize_t sent = -1;
    do {
        sent = ::sendfile(socket, file_.file.get(), &offset, wanted);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return 0;
    }
    if (sent < 0) {
        throw std::system_error(errno, std::generic_category(), "sendfile");
    }
    if (sent == 0) {
        // The file shrank while we were sending it: the promised
        // Content-Length cannot be met, so the connection must end.
        throw std::system_error(EIO, std::generic_category(), "file shrank while being sent");
    }
    file_sent_ += static_cast<std::uint64_t>(sent);
    if (file_sent_ == file_.size) {
        file_ = FileBody();
    }
    return static_cast<std::size_t>(sent);
}
// $end send-from-file

// $begin read-piece
// Reads the next piece of the file into the buffer, which is allocated on
// the first piece and reused for the rest. Once the last piece is read, the
// file is closed.
void PendingOutput::read_next_piece() {
    const std::uint64_t left = file_.size - file_sent_;
    if (!piece_) {
        piece_capacity_ = static_cast<std::size_t>(std::min<std::uint64_t>(left, kPieceBytes));
        piece_ = std::make_unique_for_overwrite<char[]>(piece_capacity_);
    }
    const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece_capacity_));
    ssize_t got = -1;
    do {
        got = ::pread(file_.file.get(), piece_.get(), size, static_cast<off_t>(file_.offset + file_sent_));
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        throw std::system_error(errno, std::generic_category(), "pread");
    }
    if (got == 0) {
        // The file shrank while we were sending it: the promised
        // Content-Length cannot be met, so the connection must end.
        throw std::system_error(EIO, std::generic_category(), "file shrank while being sent");
    }
    piece_begin_ = 0;
    piece_end_ = static_cast<std::size_t>(got);
    file_sent_ += static_cast<std::uint64_t>(got);
    if (file_sent_ == file_.size) {
        file_ = FileBody();
    }
}
// $end read-piece

}  // namespace http
