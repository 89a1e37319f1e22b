#include "process_setup.hpp"

#include <cerrno>
#include <csignal>
#include <system_error>

#include <poll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>

namespace http {

namespace {

sigset_t shutdown_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

}  // namespace

// $begin set-up
void ignore_sigpipe() {
    if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR) {
        throw std::system_error(errno, std::generic_category(), "signal(SIGPIPE)");
    }
}

void raise_descriptor_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        throw std::system_error(errno, std::generic_category(), "getrlimit");
    }
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        throw std::system_error(errno, std::generic_category(), "setrlimit");
    }
}
// $end set-up

// $begin signals
void install_shutdown_signals() {
    // Blocked, a signal never runs its action: it stays pending, and the
    // signalfd reports it as a readable descriptor. That holds even for one
    // whose action is "ignore", as a shell sets SIGINT for background jobs:
    // the kernel drops an ignored signal only when it is not blocked.
    const sigset_t signals = shutdown_signals();
    if (const int error = pthread_sigmask(SIG_BLOCK, &signals, nullptr); error != 0) {
        throw std::system_error(error, std::generic_category(), "pthread_sigmask");
    }
    shutdown_signal_fd();
}

int shutdown_signal_fd() {
    // Created once, never read and never closed: a pending signal keeps it
    // readable, so every thread that polls it sees the shutdown.
    static const int fd = [] {
        const sigset_t signals = shutdown_signals();
        const int created = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
        if (created < 0) {
            throw std::system_error(errno, std::generic_category(), "signalfd");
        }
        return created;
    }();
    return fd;
}
// $end signals

bool wait_for_shutdown(std::chrono::milliseconds timeout) {
    pollfd watch{.fd = shutdown_signal_fd(), .events = POLLIN, .revents = 0};
    const int ready = ::poll(&watch, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno != EINTR) {
        throw std::system_error(errno, std::generic_category(), "poll");
    }
    return ready > 0;
}

}  // namespace http
