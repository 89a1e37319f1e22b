#pragma once

#include <chrono>

namespace http {

/// Makes SIGINT and SIGTERM ask for a clean shutdown instead of killing the
/// process, and makes SIGPIPE harmless. Call once, in main, before any thread
/// starts: threads inherit the signal mask set here.
void install_shutdown_signals();

/// A descriptor that becomes readable, for every thread and for good, once
/// SIGINT or SIGTERM has arrived: wait on it with poll() beside a socket.
int shutdown_signal_fd();

/// Sleeps until SIGINT or SIGTERM arrives or `timeout` passes; true if a
/// shutdown was asked for. A zero timeout just checks.
bool wait_for_shutdown(std::chrono::milliseconds timeout);

}  // namespace http
