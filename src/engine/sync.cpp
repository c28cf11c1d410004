// SPDX-License-Identifier: MIT
#include "engine/sync.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace relance {
namespace {

// The open invoices of each source, as the store holds them, for the confirming fetches.
using OpenBySource = std::unordered_map<std::string, std::vector<const StoredInvoice*>>;

// Reads again each invoice of `source` that is open in the store but absent from its complete
// listing, and adds what the tool now says to the listing (or a rejected row when it cannot say).
void confirm_missing(InvoiceSource& source, SourceListing& listing,
                     const std::vector<const StoredInvoice*>& open, SyncReport& report) {
    std::unordered_set<std::string_view> listed;
    for (const Invoice& inv : listing.invoices) listed.insert(inv.number);
    for (const RejectedRow& r : listing.rejected) {
        if (!r.invoice_number.empty()) listed.insert(r.invoice_number);
    }
    std::unordered_set<std::string> customers;
    for (const Customer& c : listing.customers) customers.insert(c.id);
    std::vector<Invoice> found;
    for (const StoredInvoice* si : open) {
        const Invoice& stored = si->invoice;
        if (listed.count(stored.number) != 0) continue;
        const std::string id = si->remote_id.empty() ? stored.number : si->remote_id;
        auto fetched = source.fetch_invoice(id);
        if (!fetched && fetched.error().code == ErrorCode::NotFound) {
            Invoice gone = stored;  // deleted in the tool: never dunned again
            gone.status = InvoiceStatus::Void;
            found.push_back(std::move(gone));
            ++report.confirmed[listing.source]["deleted"];
            continue;
        }
        if (!fetched) {
            listing.rejected.push_back(RejectedRow{
                listing.source, 0, "",
                "left the unpaid listing but could not be read again to confirm it (kept open, no "
                "reminder today): " + fetched.error().describe(),
                stored.number});
            continue;
        }
        Invoice inv = std::move(fetched->invoice);
        inv.number = stored.number;  // the store's key, whatever the tool shows now
        inv.source = listing.source;
        if (fetched->remote_id != stored.number && !fetched->remote_id.empty()) {
            listing.remote_ids[stored.number] = fetched->remote_id;
        }
        if (fetched->customer && customers.insert(fetched->customer->id).second) {
            listing.customers.push_back(std::move(*fetched->customer));
        }
        ++report.confirmed[listing.source][std::string(to_string(inv.status))];
        found.push_back(std::move(inv));
    }
    for (Invoice& inv : found) listing.invoices.push_back(std::move(inv));
}

}  // namespace

Result<SyncReport> sync_sources(Store& store, const std::vector<InvoiceSource*>& sources,
                                const SyncOptions& options, const SyncProgressFn& progress) {
    SyncReport report;
    std::optional<OpenBook> book;  // loaded once, when a source can confirm what left its listing
    OpenBySource open;
    std::size_t done = 0;
    for (InvoiceSource* source : sources) {
        const std::string name(source->name());
        if (!options.only.empty() &&
            std::find(options.only.begin(), options.only.end(), name) == options.only.end()) {
            continue;
        }
        if (progress) progress("fetch", done++, sources.size());
        auto listing = source->list_unpaid();
        if (!listing) {
            report.errors[name] = listing.error().describe();
            continue;
        }
        listing->source = name;
        const bool empty = listing->complete && listing->invoices.empty() && !options.accept_empty;
        if ((listing->complete && source->can_fetch()) || empty) {
            if (!book) {
                auto loaded = store.load_open_book();
                if (!loaded) return unexpected(std::move(loaded).error().with_context("loading invoices"));
                book = std::move(*loaded);
                for (const StoredInvoice& si : book->invoices) open[si.invoice.source].push_back(&si);
            }
        }
        if (empty) {
            // No invoice at all while some are open: an export emptied by mistake, an API answering
            // an empty page. Taken as a failed reading, unless the user confirms it.
            std::unordered_set<std::string_view> rejected;
            for (const RejectedRow& r : listing->rejected) rejected.insert(r.invoice_number);
            const auto& mine = open[name];
            const auto n = std::count_if(mine.begin(), mine.end(), [&](const StoredInvoice* si) {
                return rejected.count(si->invoice.number) == 0;
            });
            if (n > 0) {
                report.errors[name] = "its listing holds no invoice while " + std::to_string(n) +
                                      " of its invoices are open: taken as not read, nothing was "
                                      "marked paid; if they are all truly settled, run `relance "
                                      "sync --accept-empty` (or `relance run --accept-empty`)";
                for (const RejectedRow& r : listing->rejected) {
                    report.rejected.push_back(r);
                    if (!r.invoice_number.empty()) report.rejected_invoices.emplace_back(name, r.invoice_number);
                }
                continue;
            }
        }
        if (listing->complete && source->can_fetch()) confirm_missing(*source, *listing, open[name], report);
        for (const RejectedRow& r : listing->rejected) {
            report.rejected.push_back(r);
            if (!r.invoice_number.empty()) report.rejected_invoices.emplace_back(name, r.invoice_number);
        }
        if (options.write) {
            auto counts = store.apply_listing(*listing, options.today, options.run_id);
            if (!counts) {
                report.errors[name] = counts.error().describe();
                continue;
            }
            report.synced[name] = *counts;
        }
        if (options.keep_listings) report.listings.push_back(std::move(*listing));
    }
    if (progress) progress("fetch", sources.size(), sources.size());
    return report;
}

}  // namespace relance
