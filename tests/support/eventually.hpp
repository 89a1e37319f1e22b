#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace test {

/// Polls `condition` every 20 ms until it holds or `timeout` passes; whether it held.
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace test
