// SPDX-License-Identifier: MIT
// Clock: the only way the engine learns the time (a fixed clock in tests and with --now).
#pragma once

#include <chrono>

namespace relance {

class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::chrono::sys_seconds now() const = 0;
};

}  // namespace relance
