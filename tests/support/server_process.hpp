#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/types.h>

namespace test {

// GCC names a sanitizer build with a macro, Clang with __has_feature.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TEST_THREAD_SANITIZER
#endif
#if __has_feature(address_sanitizer)
#define TEST_ADDRESS_SANITIZER
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(TEST_ADDRESS_SANITIZER)
#define TEST_ADDRESS_SANITIZER
#endif
#if defined(__SANITIZE_THREAD__) || defined(TEST_THREAD_SANITIZER)
/// True in a ThreadSanitizer build.
inline constexpr bool kThreadSanitizer = true;
#else
/// True in a ThreadSanitizer build.
inline constexpr bool kThreadSanitizer = false;
#endif

/// How many clients a load test starts: `count`, or a twentieth of it under
/// ThreadSanitizer, where each thread the server starts takes tens of
/// milliseconds on a busy machine. The behaviour checked is the same, at a
/// smaller scale.
constexpr int load_count(int count) {
    return kThreadSanitizer ? count / 20 : count;
}

/// Resource limits the server starts under, set in the child before exec.
struct ProcessLimits {
    /// RLIMIT_NOFILE, soft and hard alike, so the server cannot raise it.
    std::optional<rlim_t> open_files;
};

/// A step's real binary, started for one test on a free port and stopped by
/// its PID when the test ends.
class ServerProcess {
public:
    /// Starts `binary` with `arguments` and port 0, and waits for the line
    /// "Serving HTTP on ... port N" to learn the port. Its stderr (the access
    /// log) goes to a file that stderr_output() reads.
    explicit ServerProcess(const std::string& binary, std::vector<std::string> arguments = {},
                           ProcessLimits limits = {});
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    /// Kills the server if it still runs, and reaps it.
    ~ServerProcess();

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }

    /// Sends `signal` and waits up to `timeout` for the process to exit;
    /// its exit status, or nullopt if it did not exit (or died by a signal).
    std::optional<int> stop(int signal, std::chrono::milliseconds timeout);

    /// What the server wrote to stderr so far.
    std::string stderr_output() const;

    /// What the server wrote to stderr, once it contains `text` or `timeout`
    /// has passed. A server logs a request after its answer is sent, so a
    /// client may have its answer before the log line is written.
    std::string stderr_output_containing(const std::string& text, std::chrono::milliseconds timeout) const;

    /// Lets the running server's address space grow by `bytes` more, and no
    /// further (RLIMIT_AS): past it, memory for a new thread's stack cannot
    /// be mapped, so starting a thread fails.
    void limit_address_space_growth(std::uint64_t bytes) const;

    /// The server's peak resident memory (VmHWM), in KiB.
    long peak_rss_kib() const;

    /// CPU time (user and system) the server has used so far.
    std::chrono::milliseconds cpu_time() const;

    /// How many threads the server runs now.
    int thread_count() const;

    /// How many descriptors the server holds open now.
    int open_descriptors() const;

private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::string stderr_path_;
    bool reaped_ = false;
};

}  // namespace test
