// SPDX-License-Identifier: MIT
// Reading the sources into the store: the first step of every pass, and all of `relance sync`.
// Each source's listing is applied to the store; for a source that can read one invoice (an
// invoicing API), every invoice that is open in the store but left the unpaid listing is first
// read again (fetch_invoice): the store records it resolved only as the tool now shows it (paid,
// void, credited; deleted counts as void), on the tool's own date (Invoice::resolved_on) when it
// gives one, else the run's date. One that cannot be read again stays open and gets no reminder
// today. A source that could not be listed changes nothing, nor does one whose complete listing
// holds no invoice while some of its invoices are open (SyncOptions::accept_empty).
//
// Knows no concrete adapter. It must not plan or send anything.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ports/source.h"
#include "core/ports/store.h"

namespace relance {

struct SyncOptions {
    Date today{};
    std::int64_t run_id = 0;
    bool write = true;                // false (dry run): read the sources, write nothing
    bool keep_listings = false;       // return the listings (a dry run overlays them)
    std::vector<std::string> only;    // source names to read; empty: all
    /// A complete listing with no invoice at all while the store holds open invoices of that
    /// source is taken as a failed reading (SyncReport::errors, nothing changed): an export
    /// emptied by mistake must not make them look paid. True: the user confirmed it; applied.
    bool accept_empty = false;
};

struct SyncReport {
    std::map<std::string, SyncCounts> synced;          // by source (written listings)
    std::map<std::string, std::string> errors;         // source -> why it could not be read
    std::vector<RejectedRow> rejected;
    std::vector<std::pair<std::string, std::string>> rejected_invoices;  // (source, number)
    /// By source: invoices that left the unpaid listing and were read again, and what they were.
    std::map<std::string, std::map<std::string, int>> confirmed;  // source -> status -> count
    std::vector<SourceListing> listings;               // with keep_listings
};

/// Progress of long phases: (phase, done, total).
using SyncProgressFn = std::function<void(std::string_view, std::size_t, std::size_t)>;

/// Reads the sources (all, or `options.only`) into the store. An error means the store could
/// not be used; a source that could not be read is in SyncReport::errors.
[[nodiscard]] Result<SyncReport> sync_sources(Store& store, const std::vector<InvoiceSource*>& sources,
                                              const SyncOptions& options,
                                              const SyncProgressFn& progress = {});

}  // namespace relance
