// SPDX-License-Identifier: MIT
// Errors a caller can expect, returned as values (Result<T>); exceptions are not used for them.
// Result is a minimal expected<T, Error>: GCC 12 has no std::expected and Debian 12 ships no
// tl-expected package, so this small stand-in keeps the same spelling (has_value, value, error,
// operator*, operator->) to be swapped for std::expected when the toolchain allows.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace relance {

enum class ErrorCode {
    InvalidInput,  // config, policy or imported data failed validation
    NotFound,      // the thing asked for does not exist
    Conflict,      // unique key clash in the store
    Unavailable,   // timeout, refused, 5xx, SMTP 4xx: try again later
    Rejected,      // the remote said no for good
    Uncertain,     // the request may have taken effect (the link broke after it was sent):
                   // never repeated automatically
    Internal,      // a bug: the message names the broken invariant
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;               // one sentence, no secrets
    std::vector<std::string> context;  // innermost first: "line 12", "file a.csv"

    [[nodiscard]] bool retryable() const { return code == ErrorCode::Unavailable; }
    [[nodiscard]] Error with_context(std::string what) && {
        context.push_back(std::move(what));
        return std::move(*this);
    }
    /// "file a.csv: line 12: message" (outermost context first).
    [[nodiscard]] std::string describe() const {
        std::string out;
        for (auto it = context.rbegin(); it != context.rend(); ++it) {
            out += *it;
            out += ": ";
        }
        return out + message;
    }
};

[[nodiscard]] inline Error make_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}};
}

/// Wraps an Error so that `return unexpected(err);` reads like std::expected.
struct Unexpected {
    Error error;
};
[[nodiscard]] inline Unexpected unexpected(Error e) { return Unexpected{std::move(e)}; }
[[nodiscard]] inline Unexpected fail(ErrorCode code, std::string message) {
    return Unexpected{make_error(code, std::move(message))};
}

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    Result(Unexpected u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

    [[nodiscard]] bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & {
        assert(has_value());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    Error& error() & {
        assert(!has_value());
        return std::get<1>(v_);
    }
    const Error& error() const& {
        assert(!has_value());
        return std::get<1>(v_);
    }
    Error&& error() && {
        assert(!has_value());
        return std::get<1>(std::move(v_));
    }

private:
    std::variant<T, Error> v_;
};

/// Result of an operation with no value.
struct Ok {};
using Status = Result<Ok>;
[[nodiscard]] inline Status ok() { return Ok{}; }

}  // namespace relance
