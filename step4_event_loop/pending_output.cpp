#include "pending_output.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>

#include <sys/socket.h>
#include <unistd.h>

namespace http {

namespace {

// A file is read and sent this much at a time; from kLargeFile on, in larger
// pieces: fewer system calls for a long download, which can spare the memory.
constexpr std::size_t kPieceBytes = 64 * 1024;
constexpr std::uint64_t kLargeFile = 16 * 1024 * 1024;
constexpr std::size_t kLargePieceBytes = 256 * 1024;

// The memory of a buffer that grew for a burst of pipelined answers is
// given back once they are sent; a small one is kept for the next.
constexpr std::size_t kKeptBufferBytes = 16 * 1024;

}  // namespace

void PendingOutput::append_file(FileBody file) {
    if (file.size == 0) {
        return;  // nothing to read: the head said Content-Length: 0
    }
    file_ = std::move(file);
    file_offset_ = 0;
}

bool PendingOutput::empty() const noexcept {
    return bytes_sent_ == bytes_.size() && !file_.file && piece_begin_ == piece_end_;
}

// $begin send-to
SendProgress PendingOutput::send_to(int socket, std::size_t budget) {
    SendProgress progress;
    while (progress.sent < budget) {
        if (bytes_sent_ < bytes_.size()) {
            // Heads and small bodies first, in one send; MSG_MORE lets the
            // kernel fill its packet with the file that follows.
            const std::string_view rest = std::string_view(bytes_).substr(bytes_sent_);
            const std::size_t sent = send_bytes(socket, rest, has_file());
            if (sent == 0) {
                return progress;  // the socket is full: wait until it drains
            }
            bytes_sent_ += sent;
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
        const std::size_t sent = send_bytes(socket, piece, static_cast<bool>(file_.file));
        if (sent == 0) {
            return progress;
        }
        piece_begin_ += sent;
        progress.sent += sent;
    }
    if (bytes_sent_ == bytes_.size()) {
        bytes_.clear();
        bytes_sent_ = 0;
        if (bytes_.capacity() > kKeptBufferBytes) {
            bytes_ = std::string();
        }
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

// $begin read-piece
// Reads the next piece of the file into the buffer, which is allocated on
// the first piece and reused for the rest. Once the last piece is read, the
// file is closed.
void PendingOutput::read_next_piece() {
    const std::uint64_t left = file_.size - file_offset_;
    if (!piece_) {
        const std::size_t wanted = file_.size >= kLargeFile ? kLargePieceBytes : kPieceBytes;
        piece_capacity_ = static_cast<std::size_t>(std::min<std::uint64_t>(left, wanted));
        piece_ = std::make_unique_for_overwrite<char[]>(piece_capacity_);
    }
    const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(left, piece_capacity_));
    ssize_t got = -1;
    do {
        got = ::pread(file_.file.get(), piece_.get(), size, static_cast<off_t>(file_offset_));
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
    file_offset_ += static_cast<std::uint64_t>(got);
    if (file_offset_ == file_.size) {
        file_ = FileBody();
    }
}
// $end read-piece

}  // namespace http
