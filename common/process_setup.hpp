#pragma once

#include <chrono>

namespace http {

/// Makes writing to a connection the client has closed fail with EPIPE,
/// for that connection only, instead of raising SIGPIPE, which ends the process.
void ignore_sigpipe();

/// Makes SIGINT and SIGTERM ask for a clean shutdown instead of ending the
/// process. Call before any thread starts: threads inherit the signal mask.
void install_shutdown_signals();

/// Raises the limit on open descriptors as far as it goes: each connection
/// holds one, and the usual 1024 would cap the clients served at once.
void raise_descriptor_limit();

/// A descriptor that is readable, for every thread, once a shutdown signal came.
int shutdown_signal_fd();

/// Sleeps until a shutdown signal or `timeout`; true if a shutdown was asked for.
bool wait_for_shutdown(std::chrono::milliseconds timeout);

}  // namespace http
