// SPDX-License-Identifier: MIT
// The stores' error edge: runs a body, adds what it was doing and the store's label as context
// to an error, and turns any exception (bad_alloc ...) into an Internal error, so that nothing
// escapes the adapter.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/error.h"

namespace relance::sql {

template <class F>
auto guarded(const std::string& label, std::string_view what, F&& body) -> std::invoke_result_t<F&> {
    using R = std::invoke_result_t<F&>;
    try {
        R result = body();
        if (!result) {
            return unexpected(std::move(result)
                                  .error()
                                  .with_context(std::string(what))
                                  .with_context("store " + label));
        }
        return result;
    } catch (const std::exception& e) {
        return unexpected(make_error(ErrorCode::Internal, std::string(what) + ": " + e.what())
                              .with_context("store " + label));
    } catch (...) {
        return unexpected(make_error(ErrorCode::Internal, std::string(what) + ": unknown exception")
                              .with_context("store " + label));
    }
}

}  // namespace relance::sql
