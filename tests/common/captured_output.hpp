#pragma once

// Captures what this process writes to stdout or stderr, for tests of the
// start-up line and the access log.
#include "catch.hpp"
#include "file_descriptor.hpp"

#include <cstdio>
#include <string>

#include <unistd.h>

namespace test {

/// Sends what is written to `fd` (STDOUT_FILENO or STDERR_FILENO) into a
/// pipe until finish(). The pipe holds 64 KiB: enough for a few lines, and
/// a writer blocks past it, so capture only short outputs.
class CapturedOutput {
public:
    explicit CapturedOutput(int fd) : fd_(fd) {
        int pipe_fds[2] = {-1, -1};
        REQUIRE(::pipe(pipe_fds) == 0);
        read_end_ = http::FileDescriptor(pipe_fds[0]);
        const http::FileDescriptor write_end(pipe_fds[1]);
        flush();
        saved_ = http::FileDescriptor(::dup(fd_));
        REQUIRE(saved_);
        REQUIRE(::dup2(write_end.get(), fd_) == fd_);
    }
    CapturedOutput(const CapturedOutput&) = delete;
    CapturedOutput& operator=(const CapturedOutput&) = delete;
    ~CapturedOutput() { restore(); }

    /// Stops capturing and gives everything written since the start.
    std::string finish() {
        restore();
        std::string text;
        char chunk[4096];
        ssize_t size = 0;
        while ((size = ::read(read_end_.get(), chunk, sizeof chunk)) > 0) {
            text.append(chunk, static_cast<std::size_t>(size));
        }
        return text;
    }

private:
    static void flush() {
        std::fflush(stdout);
        std::fflush(stderr);
    }

    // Puts the original descriptor back; the pipe's last write end closes
    // with it, so reading the pipe then stops at end-of-file.
    void restore() {
        if (saved_) {
            flush();
            ::dup2(saved_.get(), fd_);
            saved_ = http::FileDescriptor();
        }
    }

    int fd_;
    http::FileDescriptor read_end_;
    http::FileDescriptor saved_;
};

}  // namespace test
