// SPDX-License-Identifier: MIT
// `relance sync` (read the sources into the store, nothing planned or sent) and `relance sources
// test` (read each source and show what it sees, nothing written).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>

#include "adapters/render/locale_format.h"
#include "app/cli/commands.h"
#include "app/config/source_types.h"
#include "app/wiring/wiring.h"
#include "engine/daily_pass.h"
#include "engine/sync.h"

namespace relance::cli {
namespace {

bool known_source(const Settings& s, const std::string& name) {
    return std::any_of(s.sources.begin(), s.sources.end(), [&](const SourceSettings& x) { return x.name == name; });
}

std::string tool_of(const Settings& s, std::string_view name) {
    for (const SourceSettings& x : s.sources) {
        if (x.name != name) continue;
        const SourceTypeInfo* t = find_source_type(x.type);
        return t != nullptr ? std::string(t->tool) : "CSV file";
    }
    return {};
}

void print_rejected(const std::vector<RejectedRow>& rejected) {
    if (rejected.empty()) return;
    std::printf("\nRejected (%zu) — fix them in the source; the rest was used:\n", rejected.size());
    for (const RejectedRow& r : rejected) {
        std::printf("  %s%s%s: %s%s%s\n", r.file.c_str(), r.line ? fmt::format(":{}", r.line).c_str() : "",
                    r.invoice_number.empty() ? "" : (" " + r.invoice_number).c_str(), r.field.c_str(),
                    r.field.empty() ? "" : ": ", r.message.c_str());
    }
}

// The settings and the clock of the command, with `only` checked against the source names;
// prints the problem and returns nothing when one is missing.
struct Prepared {
    Settings settings;
    std::chrono::sys_seconds now{};
    Date today{};
};
std::optional<Prepared> prepare(const Common& common, const std::string& only) {
    auto settings = settings_for(common);
    if (!settings) return std::nullopt;
    if (!only.empty() && !known_source(*settings, only)) {
        err("--source '" + only + "': no [[sources]] entry has that name");
        return std::nullopt;
    }
    auto clock = clock_for(common, *settings);
    if (!clock) return std::nullopt;
    return Prepared{std::move(*settings), clock->first, clock->second};
}

}  // namespace

int cmd_sync(const Common& common, const std::string& only) {
    auto prepared = prepare(common, only);
    if (!prepared) return 1;
    const Settings* settings = &prepared->settings;
    const auto clock = std::make_pair(prepared->now, prepared->today);
    auto wired = wire(*settings, clock.second);
    if (!wired) {
        err(wired.error().describe());
        return wired.error().code == ErrorCode::InvalidInput ? 1 : 3;
    }
    Store& store = *wired->store;
    auto run_id = store.begin_run(clock.second, clock.first);
    if (!run_id) {
        err(run_id.error().describe());
        return 3;
    }
    SyncOptions options;
    options.today = clock.second;
    options.run_id = *run_id;
    options.accept_empty = common.accept_empty;
    if (!only.empty()) options.only = {only};
    auto report = sync_sources(store, wired->source_ptrs(), options);
    if (!report) {
        err(report.error().describe());
        return 3;
    }
    PassSummary summary;  // recorded as the run's summary, like a pass that planned nothing
    summary.run_id = *run_id;
    summary.today = clock.second;
    summary.synced = report->synced;
    summary.source_errors = report->errors;
    summary.rejected = report->rejected;
    summary.confirmed = report->confirmed;
    if (auto st = store.finish_run(*run_id, clock.first, summary.status(), summary.to_json()); !st) {
        err(st.error().describe());
        return 3;
    }
    if (common.json) {
        std::printf("%s\n", summary.to_json().c_str());
        return summary.exit_code();
    }
    std::printf("relance sync — %s (%s), run #%lld: nothing planned, nothing sent\n",
                to_iso(summary.today).c_str(), settings->timezone.c_str(), static_cast<long long>(*run_id));
    for (const auto& [name, c] : summary.synced) {
        std::printf("source %s: %d new, %d updated, %d unchanged, %d resolved (paid/void/credited), %d reopened\n",
                    name.c_str(), c.inserted, c.updated, c.unchanged, c.resolved, c.reopened);
    }
    for (const auto& [name, found] : summary.confirmed) {
        std::string what;
        for (const auto& [status, n] : found) what += fmt::format("{}{} {}", what.empty() ? "" : ", ", n, status);
        std::printf("source %s: left the unpaid listing and read again: %s\n", name.c_str(), what.c_str());
    }
    for (const auto& [name, why] : summary.source_errors) {
        std::printf("source %s: NOT READ, nothing changed for its invoices (no reminder on them until it "
                    "is): %s\n", name.c_str(), why.c_str());
    }
    print_rejected(summary.rejected);
    return summary.exit_code();
}

int cmd_sources_test(const Common& common, const std::string& only) {
    auto prepared = prepare(common, only);
    if (!prepared) return 1;
    const Settings* settings = &prepared->settings;
    auto wired = wire_sources(*settings, prepared->today);
    if (!wired) {
        err(wired.error().describe());
        return 1;
    }
    int code = 0;
    for (const auto& source : wired->sources) {
        const std::string name(source->name());
        if (!only.empty() && name != only) continue;
        const auto started = std::chrono::steady_clock::now();
        auto listing = source->list_unpaid();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        const std::string took = fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
        if (!listing) {
            std::printf("source %s (%s): FAILED after %s: %s\n", name.c_str(), tool_of(*settings, name).c_str(),
                        took.c_str(), listing.error().describe().c_str());
            code = 2;
            continue;
        }
        std::map<std::string, std::int64_t> due;  // by currency, open invoices
        std::size_t open = 0;
        std::size_t undated = 0;
        const Invoice* oldest = nullptr;
        for (const Invoice& inv : listing->invoices) {
            if (inv.status != InvoiceStatus::Open || !inv.amount_due().is_positive()) continue;
            ++open;
            due[std::string(inv.amount_due().currency().code())] += inv.amount_due().minor();
            if (!inv.due_date) {
                ++undated;
            } else if (oldest == nullptr || *inv.due_date < *oldest->due_date) {
                oldest = &inv;
            }
        }
        std::printf("source %s (%s): OK in %s, listing %s — %zu invoices (%zu open), %zu customers, "
                    "%zu rejected\n",
                    name.c_str(), tool_of(*settings, name).c_str(), took.c_str(),
                    listing->complete ? "complete" : "INCOMPLETE (nothing would be marked paid)",
                    listing->invoices.size(), open, listing->customers.size(), listing->rejected.size());
        std::string amounts;
        for (const auto& [cur, minor] : due) {
            auto c = Currency::from_code(cur);
            if (c) amounts += (amounts.empty() ? "" : " + ") + format_money(Money{minor, *c}, settings->company.language);
        }
        if (open > 0) {
            std::printf("  due: %s; oldest due date %s%s; %zu without a due date\n", amounts.c_str(),
                        oldest != nullptr ? to_iso(*oldest->due_date).c_str() : "none",
                        oldest != nullptr ? (" (" + oldest->number + ")").c_str() : "", undated);
        }
        if (!listing->rejected.empty()) {
            code = 2;
            print_rejected(listing->rejected);
        }
    }
    return code;
}

}  // namespace relance::cli
