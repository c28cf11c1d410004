// SPDX-License-Identifier: MIT
// Deterministic generator of invoice exports in relance's native CSV layout (the layout of
// samples/factures.csv: French headers, ';' separator, decimal comma with space-grouped
// thousands, dd/mm/yyyy dates), for benchmarks and end-to-end runs. The same count, seed and
// reference date always give byte-identical output, on any machine: it uses its own PRNG
// (splitmix64), no std distributions, no locale, no clock.
//
// The spread: about 4 invoices per customer; due dates over the 90 days before the reference
// date; EUR mostly, some JPY (0 decimals) and KWD (3 decimals), one currency per customer;
// partial payments, a few fully paid rows, a few disputed ones; vip and negotiation tags;
// French and English customers, b2b and b2c; a few customers with two addresses or none, and a
// few names that need CSV quoting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/time/date.h"

namespace relance::bench {

struct GenOptions {
    std::size_t count = 1000;  // invoice rows (the header line is extra)
    std::uint64_t seed = 1;
    /// Due dates fall in the 90 days up to and including this date.
    Date reference{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{3}};
};

/// The fixed reference date the benchmarks and bench/e2e.sh use (2026-12-03).
[[nodiscard]] Date default_reference_date();

/// Writes the header line then `count` rows through `write`, in chunks of about 1 MiB.
void generate_invoices(const GenOptions& options,
                       const std::function<void(std::string_view)>& write);

/// The whole file in one string.
[[nodiscard]] std::string generate_invoices_csv(const GenOptions& options);

}  // namespace relance::bench
