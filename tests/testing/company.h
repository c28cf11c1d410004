// SPDX-License-Identifier: MIT
// One company folder for the daily-pass tests: a CSV export, a real SQLite store file (reopened
// for every run, as separate `relance run` processes would), the built-in templates, and a
// channel (the file outbox unless the test gives another).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "adapters/delivery/outbox/file_outbox.h"
#include "adapters/render/template_renderer.h"
#include "adapters/sources/csv/csv_source.h"
#include "adapters/store/sqlite/sqlite_store.h"
#include "engine/daily_pass.h"
#include "testing/sandbox.h"

namespace relance::test {

inline constexpr const char* kNativeHeader =
    "invoice_number;customer_id;customer_name;customer_email;issue_date;due_date;total;paid;"
    "status;tags;payment_link\n";

inline Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

struct Company {
    Sandbox dir{"relance-pass-test"};
    Policy policy = Policy::defaults();
    CompanyInfo info;
    /// Called on each pass before it runs, with the store it uses (e.g. to set its alerts).
    std::function<void(DailyPass&, Store&)> prepare;

    Company() {
        info.name = "L'Atelier d'Hélène";
        info.email = "relances@atelier.example";
    }

    void export_csv(const std::string& rows) const { write_file(dir / "factures.csv", kNativeHeader + rows); }
    [[nodiscard]] std::filesystem::path outbox() const { return dir / "outbox"; }

    [[nodiscard]] std::unique_ptr<SqliteStore> open_store() const {
        auto s = SqliteStore::open((dir / "relance.db").string());
        EXPECT_TRUE(s.has_value()) << s.error().describe();
        return std::move(s).value();
    }

    /// One `relance run` on `today` through `channel`.
    PassSummary run_with(Channel& channel, Date today, bool dry_run = false) {
        csv::CsvOptions options;
        csv::CsvSource source((dir / "factures.csv").string(), options);
        return run_sources({&source}, channel, today, dry_run);
    }

    /// One `relance run` on `today` over `sources` (an invoicing API's, say) through `channel`.
    PassSummary run_sources(const std::vector<InvoiceSource*>& sources, Channel& channel, Date today,
                            bool dry_run = false) {
        auto store = open_store();
        auto renderer = TemplateRenderer::builtin();
        EXPECT_TRUE(renderer.has_value());
        DailyPass pass(*store, sources, *renderer, channel, policy, info);
        if (prepare) prepare(pass, *store);
        PassOptions o;
        o.today = today;
        o.now = std::chrono::sys_days{today} + std::chrono::hours{8};  // 09:00 in Paris in winter
        o.dry_run = dry_run;
        auto summary = pass.run(o);
        EXPECT_TRUE(summary.has_value()) << summary.error().describe();
        return std::move(summary).value();
    }

    /// One `relance run` on `today` over `sources`, with the file outbox.
    PassSummary run_sources(const std::vector<InvoiceSource*>& sources, Date today) {
        FileOutbox channel(outbox());
        return run_sources(sources, channel, today);
    }

    /// One `relance run` on `today` with the file outbox (in `outbox_dir`, default outbox()).
    PassSummary run(Date today, bool dry_run = false, const std::filesystem::path& outbox_dir = {}) {
        FileOutbox channel(outbox_dir.empty() ? outbox() : outbox_dir);
        return run_with(channel, today, dry_run);
    }

    [[nodiscard]] std::vector<ReminderRow> reminders() const {
        auto rows = open_store()->reminders(0);
        EXPECT_TRUE(rows.has_value());
        return std::move(rows).value();
    }
};

inline std::int64_t total_sent(const PassSummary& s) {
    std::int64_t n = 0;
    for (const auto& [level, tally] : s.sent) n += tally.count;
    return n;
}

}  // namespace relance::test
