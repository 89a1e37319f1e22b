#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

namespace http {

/// One place in a ConnectionLimit, given back when destroyed. It shares the
/// count, so it stays valid in a thread that outlives the server loop.
class ConnectionSlot {
public:
    explicit ConnectionSlot(std::shared_ptr<std::atomic<std::size_t>> open) noexcept : open_(std::move(open)) {}
    ConnectionSlot(ConnectionSlot&&) noexcept = default;
    ConnectionSlot& operator=(ConnectionSlot&& other) noexcept;
    ConnectionSlot(const ConnectionSlot&) = delete;
    ConnectionSlot& operator=(const ConnectionSlot&) = delete;
    ~ConnectionSlot();

private:
    std::shared_ptr<std::atomic<std::size_t>> open_;
};

/// Counts open connections against a maximum, so that a flood of clients
/// meets a clear refusal rather than exhausting threads and descriptors.
class ConnectionLimit {
public:
    explicit ConnectionLimit(std::size_t maximum);

    /// A slot while fewer than the maximum are open; nullopt when full.
    std::optional<ConnectionSlot> try_acquire();

    /// How many connections hold a slot now.
    std::size_t open() const noexcept { return open_->load(); }

private:
    std::size_t maximum_;
    std::shared_ptr<std::atomic<std::size_t>> open_;
};

}  // namespace http
