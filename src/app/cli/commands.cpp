// SPDX-License-Identifier: MIT
#include "app/cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "adapters/render/locale_format.h"
#include "app/config/settings.h"
#include "app/wiring/penalty_wiring.h"
#include "app/wiring/daily_run.h"
#include "app/wiring/wiring.h"
#include "app/workers/tenants.h"
#include "core/time/date.h"
#include "engine/daily_pass.h"

namespace relance::cli {

namespace fs = std::filesystem;
using std::chrono::sys_seconds;

void err(const std::string& s) { std::fprintf(stderr, "relance: %s\n", s.c_str()); }

std::optional<Settings> settings_for(const Common& c) {
    if (!c.tenant.empty() || !c.tenants.empty()) {
        const std::string dir = tenants_dir(c);
        if (dir.empty() || c.tenant.empty()) {
            err(dir.empty() ? "--tenant needs the tenants directory: --tenants DIR or RELANCE_TENANTS"
                            : "--tenants needs --tenant ID (one tenant), or `relance run --all-tenants` / "
                              "`relance run --worker`");
            return std::nullopt;
        }
        auto loaded = load_tenant(dir, c.tenant, tenants_store_url(c.store));
        if (!loaded) {
            err("tenant " + c.tenant + ": " + loaded.error().describe());
            return std::nullopt;
        }
        return std::move(*loaded);
    }
    Settings s;
    std::string path = c.config;
    if (path.empty() && c.source.empty() && fs::exists("relance.toml")) path = "relance.toml";
    if (!path.empty()) {
        auto loaded = load_settings(path);
        if (!loaded) {
            err(loaded.error().describe());
            return std::nullopt;
        }
        s = std::move(*loaded);
    } else if (c.source.empty()) {
        err("no configuration found. Either run `relance init` to create relance.toml, or pass "
            "--source FILE.csv to run on a CSV file with the default settings.");
        return std::nullopt;
    }
    if (path.empty()) apply_store_environment(s);
    if (!c.source.empty()) {
        if (s.sources.empty()) s.sources.push_back(SourceSettings{});
        s.sources.front().path = c.source;
    }
    if (s.sources.empty()) {
        err("the config has no [[sources]]: add one (see relance.toml written by `relance init`) "
            "or pass --source FILE.csv");
        return std::nullopt;
    }
    return s;
}

// The instant and the company's date this command runs at (commands.h).
std::optional<std::pair<sys_seconds, Date>> clock_for(const Common& c, const Settings& s) {
    sys_seconds now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    if (!c.now.empty()) {
        // 2026-04-08T07:00:00Z
        auto d = parse_iso_date(c.now.substr(0, 10));
        int h = 0;
        int m = 0;
        int sec = 0;
        if (!d || c.now.size() != 20 || c.now[10] != 'T' || c.now[19] != 'Z' ||
            std::sscanf(c.now.c_str() + 11, "%2d:%2d:%2d", &h, &m, &sec) != 3) {
            err("--now '" + c.now + "': expected a UTC instant such as 2026-04-08T07:00:00Z");
            return std::nullopt;
        }
        now = sys_seconds{std::chrono::sys_days{*d}.time_since_epoch()} + std::chrono::hours{h} +
              std::chrono::minutes{m} + std::chrono::seconds{sec};
    }
    auto today = today_in(s.timezone, now);
    if (!today) {
        err(today.error().describe());
        return std::nullopt;
    }
    if (!c.date.empty()) {
        auto d = parse_iso_date(c.date);
        if (!d) {
            err("--date '" + c.date + "': expected a date such as 2026-04-08");
            return std::nullopt;
        }
        // Run as of that day: keep the time of day, move the date.
        now += std::chrono::sys_days{*d} - std::chrono::sys_days{*today};
        today = *d;
    }
    return std::make_pair(now, *today);
}

namespace {

std::string money_text(const Money& m) { return format_money(m, "fr"); }

std::string money_map_text(const std::map<std::string, std::int64_t>& amounts) {
    std::string out;
    for (const auto& [cur, minor] : amounts) {
        auto c = Currency::from_code(cur);
        if (!c) continue;
        out += (out.empty() ? "" : " + ") + money_text(Money{minor, *c});
    }
    return out;
}

std::string pad(std::string s, std::size_t width) {
    // Width in characters, counting UTF-8 continuation bytes as nothing.
    std::size_t chars = 0;
    for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    if (chars > width) {
        std::string cut;
        std::size_t n = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto ch = static_cast<unsigned char>(s[i]);
            if ((ch & 0xC0) != 0x80 && ++n > width - 1) break;
            cut += s[i];
        }
        return cut + "…";
    }
    return s + std::string(width - chars, ' ');
}

void print_lines(const std::vector<PlanLine>& lines, bool with_outcome) {
    std::printf("  %s %s %s %s %s %s\n", pad("invoice", 16).c_str(), pad("customer", 26).c_str(),
                pad("level", 5).c_str(), pad("amount due", 14).c_str(), pad("late", 5).c_str(),
                with_outcome ? "decision: reason" : "reason");
    for (const auto& l : lines) {
        std::string amount = money_text(l.amount_due);
        std::printf("  %s %s %s %s %s %s%s\n", pad(l.invoice_number, 16).c_str(),
                    pad(l.customer, 26).c_str(), pad(l.level ? std::to_string(l.level) : "-", 5).c_str(),
                    pad(amount, 14).c_str(), pad(std::to_string(l.days_late), 5).c_str(),
                    with_outcome ? (std::string(to_string(l.outcome)) + ": ").c_str() : "",
                    l.reason.c_str());
    }
}

// Formal-notice letters written and to post, and invoices handed to collection.
void print_letters(const LetterSummary& l) {
    if (!l.written.empty()) {
        std::printf("\nFormal-notice letters written (%zu), %lld registered letter(s) to post (`relance letters`):\n",
                    l.written.size(), static_cast<long long>(l.to_post));
        for (const auto& p : l.written) std::printf("  %s\n", p.c_str());
    }
    if (!l.problems.empty()) {
        std::printf("\nLetters that need a look (%zu):\n", l.problems.size());
        for (const auto& p : l.problems) std::printf("  %s\n", p.c_str());
    }
    if (l.handed_to_collection > 0) {
        std::printf("\nHanded to collection today (%lld): no more automatic reminders; "
                    "`relance collection export` writes their dossier\n",
                    static_cast<long long>(l.handed_to_collection));
        for (const auto& c : l.collection) std::printf("  %s\n", c.c_str());
    }
}

void print_summary(const PassSummary& s, const Settings& settings) {
    std::printf("relance %s — %s (%s)%s\n", s.dry_run ? "plan" : "run", to_iso(s.today).c_str(),
                settings.timezone.c_str(),
                s.run_id ? fmt::format(", run #{}", s.run_id).c_str() : " — dry run, nothing recorded");
    for (const auto& [name, c] : s.synced) {
        std::printf("source %s: %d new, %d updated, %d unchanged, %d resolved (paid/void), %d reopened\n",
                    name.c_str(), c.inserted, c.updated, c.unchanged, c.resolved, c.reopened);
    }
    for (const auto& [name, found] : s.confirmed) {
        std::string what;
        for (const auto& [status, n] : found) what += fmt::format("{}{} {}", what.empty() ? "" : ", ", n, status);
        std::printf("source %s: left the unpaid listing and read again: %s\n", name.c_str(), what.c_str());
    }
    for (const auto& [name, found] : s.refetched) {
        std::string what;
        for (const auto& [status, n] : found) what += fmt::format("{}{} {}", what.empty() ? "" : ", ", n, status);
        std::printf("source %s: data older than its freshness window, read again before reminding: %s\n",
                    name.c_str(), what.c_str());
    }
    for (const auto& [name, why] : s.source_errors) {
        std::printf("source %s: NOT READ, nothing changed for its invoices: %s\n", name.c_str(), why.c_str());
    }
    if (s.dry_run) {
        std::printf("\nWould send %zu reminder(s):\n", s.actions.size());
        if (!s.actions.empty()) print_lines(s.actions, false);
    } else {
        std::int64_t total = 0;
        for (const auto& [l, t] : s.sent) total += t.count;
        std::printf("\nReminders sent: %lld in %lld message(s)%s\n", static_cast<long long>(total),
                    static_cast<long long>(s.messages_sent),
                    total ? (settings.channel == "smtp" ? fmt::format(" (through {})", settings.smtp.host)
                                                          : fmt::format(" (in {})", settings.outbox_dir))
                                .c_str()
                          : "");
        for (const auto& [level, t] : s.sent) {
            const Level* lv = settings.policy.level(level);
            std::printf("  level %d %-22s %6lld   %s\n", level, lv ? lv->name.c_str() : "",
                        static_cast<long long>(t.count), money_map_text(t.amount_minor).c_str());
        }
        if (total == 0) std::printf("  nothing new to send today\n");
        if (s.already_recorded) std::printf("  already recorded earlier (not sent again): %lld\n", static_cast<long long>(s.already_recorded));
        for (const auto& [level, d] : s.delivery) {
            std::printf("  level %d: %lld retried then sent, %lld failed, %lld rejected, %lld uncertain\n", level,
                        static_cast<long long>(d.retried), static_cast<long long>(d.failed),
                        static_cast<long long>(d.rejected), static_cast<long long>(d.uncertain));
        }
        if (s.failed) std::printf("  FAILED: %lld message(s), sent again by the next run\n", static_cast<long long>(s.failed));
        if (s.not_attempted) std::printf("  not attempted (the channel was down): %lld, sent by the next run\n", static_cast<long long>(s.not_attempted));
        if (s.refused) std::printf("  REJECTED by the server: %lld message(s) (see `relance outbox`)\n", static_cast<long long>(s.refused));
        if (s.uncertain) std::printf("  UNCERTAIN: %lld (may have been sent; settle them with `relance outbox`)\n", static_cast<long long>(s.uncertain));
        if (s.recovered) std::printf("  interrupted earlier and planned again: %lld\n", static_cast<long long>(s.recovered));
        for (const auto& e : s.delivery_errors) std::printf("    %s\n", e.c_str());
    }
    std::int64_t not_sent = 0;
    for (const auto& [o, n] : s.skipped) not_sent += n;
    std::printf("\nNot sent today (%lld of %lld open invoices):\n", static_cast<long long>(not_sent),
                static_cast<long long>(s.open_invoices));
    if (s.skipped.empty()) std::printf("  none\n");
    for (const auto& [o, n] : s.skipped) {
        std::printf("  %-26s %lld\n", std::string(to_string(o)).c_str(), static_cast<long long>(n));
    }
    if (!s.attention.empty()) {
        std::printf("\nNeeds attention (%zu):\n", s.attention.size());
        print_lines(s.attention, true);
    }
    print_letters(s.letters);
    if (!s.penalty_problems.empty()) {
        std::printf("\nSent without penalty figures (%zu) — update the rate table ([penalties] "
                    "rate_table):\n", s.penalty_problems.size());
        for (const auto& p : s.penalty_problems) std::printf("  %s\n", p.c_str());
    }
    print_alerts(s.alerts, s.dry_run);
    if (!s.rejected.empty()) {
        std::printf("\nRejected rows (%zu) — fix them in the source; the rest of the file was used:\n",
                    s.rejected.size());
        for (const auto& r : s.rejected) {
            std::printf("  %s:%d: %s%s%s\n", r.file.c_str(), r.line, r.field.c_str(),
                        r.field.empty() ? "" : ": ", r.message.c_str());
        }
    }
}

// A progress line on stderr when it is a terminal and the work is long.
ProgressFn progress_printer(bool quiet) {
    if (quiet || isatty(STDERR_FILENO) == 0) return {};
    return [](std::string_view phase, std::size_t done, std::size_t total) {
        if (total < 2000) return;
        std::fprintf(stderr, "\r%.*s: %zu/%zu (%zu%%)   ", static_cast<int>(phase.size()), phase.data(),
                     done, total, total ? done * 100 / total : 100);
        if (done == total) std::fprintf(stderr, "\r%*s\r", 40, "");
    };
}

}  // namespace

int run_pass(const Common& common, bool dry_run, bool print_all) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto clock = clock_for(common, *settings);
    if (!clock) return 1;
    DailyRunOptions options;
    options.dry_run = dry_run;
    options.explain_all = print_all;
    options.accept_empty = common.accept_empty;
    options.progress = progress_printer(common.quiet || common.json);
    auto summary = run_daily(*settings, clock->first, clock->second, options);
    if (!summary) {
        err(summary.error().describe());
        const ErrorCode code = summary.error().code;
        return code == ErrorCode::InvalidInput || code == ErrorCode::NotFound ? 1 : 3;
    }
    if (common.json) {
        std::printf("%s\n", summary->to_json(print_all || dry_run).c_str());
    } else {
        print_summary(*summary, *settings);
        if (print_all && !summary->others.empty()) {
            std::printf("\nEvery other open invoice (%zu):\n", summary->others.size());
            print_lines(summary->others, true);
        }
    }
    return summary->exit_code();
}

int cmd_init(const std::string& folder, bool force) {
    const fs::path dir(folder);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        err("cannot create folder '" + folder + "': " + ec.message());
        return 1;
    }
    const fs::path config = dir / "relance.toml";
    if (fs::exists(config) && !force) {
        err("'" + config.string() + "' already exists; use --force to overwrite it and the templates");
        return 1;
    }
    std::ofstream out(config);
    out << default_config_toml();
    out.close();
    if (!out) {
        err("cannot write '" + config.string() + "'");
        return 1;
    }
    auto n = write_templates((dir / "templates").string());
    if (!n) {
        err(n.error().describe());
        return 1;
    }
    std::printf("Created %s and %d template files in %s/\n", config.string().c_str(), *n,
                (dir / "templates").string().c_str());
    std::printf("Next steps:\n"
                "  1. Edit %s: your company name, e-mail and the CSV file to read.\n"
                "  2. See what would go out:   relance plan --config %s\n"
                "  3. Write the reminders:     relance run --config %s\n",
                config.string().c_str(), config.string().c_str(), config.string().c_str());
    return 0;
}

int cmd_run(const Common& common, bool dry_run) {
    if (!common.tenant.empty()) return cmd_run_tenant(common, dry_run);
    return run_pass(common, dry_run, false);
}

int cmd_plan(const Common& common, bool all) {
    if (!common.tenant.empty()) return cmd_run_tenant(common, true);
    return run_pass(common, true, all);
}

int cmd_pause(const Common& common, const std::string& customer, const std::string& until,
              const std::string& reason, bool resume) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    const std::string source = settings->sources.front().name;
    if (resume) {
        auto removed = (*store)->remove_hold(HoldScope::Customer, source, customer, "cli");
        if (!removed) {
            err(removed.error().describe());
            return 3;
        }
        std::printf(*removed ? "Reminders resumed for customer %s.\n"
                             : "Customer %s was not paused; nothing changed.\n",
                    customer.c_str());
        return 0;
    }
    auto known = (*store)->exists(HoldScope::Customer, source, customer);
    if (!known || !*known) {
        err("no customer '" + customer + "' in source '" + source +
            "' yet: use the customer_id of the CSV (or its e-mail when there is no id), after a first run");
        return 1;
    }
    Hold hold{HoldScope::Customer, source, customer, reason.empty() ? "paused" : reason, std::nullopt, std::nullopt};
    if (!until.empty()) {
        auto d = parse_iso_date(until);
        if (!d) {
            err("--until '" + until + "': expected a date such as 2026-05-12");
            return 1;
        }
        hold.until = *d;
    }
    if (auto clock = clock_for(common, *settings)) hold.since = clock->second;
    if (auto st = (*store)->put_hold(hold, "cli"); !st) {
        err(st.error().describe());
        return 3;
    }
    std::printf("Customer %s paused%s%s.\n", customer.c_str(),
                hold.until ? (" until " + to_iso(*hold.until) + " included").c_str() : "",
                (": " + hold.reason).c_str());
    return 0;
}

int cmd_hold(const Common& common, const std::string& invoice, const std::string& until,
             const std::string& reason, bool release) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    const std::string source = settings->sources.front().name;
    if (release) {
        auto removed = (*store)->remove_hold(HoldScope::Invoice, source, invoice, "cli");
        if (!removed) {
            err(removed.error().describe());
            return 3;
        }
        std::printf(*removed ? "Invoice %s is no longer on hold.\n"
                             : "Invoice %s was not on hold; nothing changed.\n",
                    invoice.c_str());
        return 0;
    }
    auto known = (*store)->exists(HoldScope::Invoice, source, invoice);
    if (!known || !*known) {
        err("no invoice '" + invoice + "' in source '" + source + "' yet (run once first)");
        return 1;
    }
    Hold hold{HoldScope::Invoice, source, invoice, reason.empty() ? "on hold" : reason, std::nullopt, std::nullopt};
    if (!until.empty()) {
        auto d = parse_iso_date(until);
        if (!d) {
            err("--until '" + until + "': expected a date such as 2026-05-12");
            return 1;
        }
        hold.until = *d;
    }
    if (auto clock = clock_for(common, *settings)) hold.since = clock->second;
    if (auto st = (*store)->put_hold(hold, "cli"); !st) {
        err(st.error().describe());
        return 3;
    }
    std::printf("Invoice %s on hold%s: %s.\n", invoice.c_str(),
                hold.until ? (" until " + to_iso(*hold.until) + " included").c_str() : "",
                hold.reason.c_str());
    return 0;
}

int cmd_holds(const Common& common) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    auto holds = (*store)->list_holds();
    if (!holds) {
        err(holds.error().describe());
        return 3;
    }
    if (holds->empty()) std::printf("No customer is paused and no invoice is on hold.\n");
    for (const Hold& h : *holds) {
        std::printf("%-8s %-20s %-24s until %s\n", h.scope == HoldScope::Customer ? "customer" : "invoice",
                    h.key.c_str(), h.reason.c_str(), h.until ? to_iso(*h.until).c_str() : "lifted by hand");
    }
    return 0;
}

int cmd_history(const Common& common, std::size_t limit) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    auto rows = (*store)->reminders(limit);
    if (!rows) {
        err(rows.error().describe());
        return 3;
    }
    for (const ReminderRow& r : *rows) {
        std::printf("%s  %-16s level %d  %-9s %-30s %s\n", to_iso(r.planned_on).c_str(),
                    r.invoice_number.c_str(), r.level, std::string(to_string(r.state)).c_str(),
                    r.recipient.c_str(), r.detail.c_str());
    }
    return 0;
}

}  // namespace relance::cli
