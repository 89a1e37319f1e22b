#include "connection_limit.hpp"

namespace http {

ConnectionSlot::~ConnectionSlot() {
    if (open_) {  // empty once moved from
        open_->fetch_sub(1);
    }
}

ConnectionSlot& ConnectionSlot::operator=(ConnectionSlot&& other) noexcept {
    if (this != &other) {
        ConnectionSlot old(std::move(*this));  // gives back the place held until now
        open_ = std::move(other.open_);
    }
    return *this;
}

ConnectionLimit::ConnectionLimit(std::size_t maximum)
    : maximum_(maximum), open_(std::make_shared<std::atomic<std::size_t>>(0)) {}

std::optional<ConnectionSlot> ConnectionLimit::try_acquire() {
    // Only the accepting thread acquires, but slots are given back from
    // connection threads, so the count is atomic.
    if (open_->load() >= maximum_) {
        return std::nullopt;
    }
    open_->fetch_add(1);
    return ConnectionSlot(open_);
}

}  // namespace http
