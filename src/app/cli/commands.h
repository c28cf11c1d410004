// SPDX-License-Identifier: MIT
// The CLI commands, one function each, free of the argument parser (main.cpp owns CLI11).
// Each returns the process exit code: 0 ok, 1 usage or config error, 2 done but something
// needs a look (rejected rows, unreadable source, failed delivery), 3 could not run.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/config/settings.h"

namespace relance::cli {

struct Common {
    std::string config;   // --config FILE ("" = relance.toml if present, else defaults)
    std::string source;   // --source FILE.csv (no config needed)
    std::string date;     // --date YYYY-MM-DD (run as of that day)
    std::string now;      // --now 2026-04-08T07:00:00Z (fixed clock)
    bool json = false;    // --json: machine-readable output
    bool quiet = false;   // no progress indicator
    bool accept_empty = false;  // --accept-empty: a source listing no invoice is taken as read
    // Tenants of a multi-tenant store (app/workers/tenants.h): --tenants DIR (or RELANCE_TENANTS)
    // with --tenant ID reads DIR/ID/relance.toml and that tenant's part of the store.
    std::string tenants;  // --tenants DIR
    std::string tenant;   // --tenant ID
    std::string store;    // --store URL (else RELANCE_STORE): the store the tenants share
};

/// "relance: <message>" on stderr.
void err(const std::string& message);
/// Settings from --config, --source, ./relance.toml, in that order of precedence; prints the
/// problem and returns nothing when there is none to use.
std::optional<Settings> settings_for(const Common& c);

/// The UTC instant and the company's date the command runs at (--now, --date, else the clock);
/// prints the problem and returns nothing when they cannot be read.
std::optional<std::pair<std::chrono::sys_seconds, Date>> clock_for(const Common& c, const Settings& s);

int cmd_init(const std::string& folder, bool force);
/// `relance migrate [--tenant ID]`: applies the store's pending migrations, prints from -> to.
int cmd_migrate(const Common& common, const std::string& tenant);
/// One pass with the settings of `common` (run, or plan when `dry_run`), its summary printed.
int run_pass(const Common& common, bool dry_run, bool print_all);
int cmd_run(const Common& common, bool dry_run);
int cmd_plan(const Common& common, bool all);
int cmd_pause(const Common& common, const std::string& customer, const std::string& until,
              const std::string& reason, bool resume);
int cmd_hold(const Common& common, const std::string& invoice, const std::string& until,
             const std::string& reason, bool release);
int cmd_holds(const Common& common);
int cmd_history(const Common& common, std::size_t limit);
/// `relance outbox`: reminders that need a person (uncertain, rejected, failed); with `all`, every
/// state. `relance outbox confirm ID` (it did arrive: sent) and `retry ID` (send it again on the
/// next run), each written to the audit log.
int cmd_outbox_list(const Common& common, bool all);
/// `relance serve [--once]`: the daemon (app/daemon/serve.h).
int cmd_serve(const Common& common, bool once, bool no_web);
/// `relance penalties INVOICE`: the late-payment penalties of one open invoice on `on` (default:
/// today), step by step; `notice` is the formal-notice date of a consumer debt (default: the
/// formal-notice reminder recorded in the store).
int cmd_penalties(const Common& common, const std::string& invoice, const std::string& on,
                  const std::string& notice);
/// `relance sync [--source NAME]`: reads the sources (or the one named) into the store, confirming
/// the invoices that left an invoicing tool's unpaid listing; plans and sends nothing.
int cmd_sync(const Common& common, const std::string& only);
/// `relance sources test`: reads each configured source (credentials, listing to the end) and
/// prints what it sees: invoices, open ones, amounts due, the oldest due date. Writes nothing.
int cmd_sources_test(const Common& common, const std::string& only);
int cmd_outbox_settle(const Common& common, const std::string& action, std::int64_t id,
                      const std::string& note);
/// A JSON string literal of `s` (quotes, backslashes and control characters escaped).
std::string json_text(std::string_view s);
/// Who acts, for the audit log: "cli:$USER".
std::string actor();
/// `relance alerts`: the internal alerts raised and the deliveries that need a person (with `all`,
/// every one); `relance alerts confirm|retry ID` settles a delivery (audited).
int cmd_alerts_list(const Common& common, bool all);
int cmd_alerts_settle(const Common& common, const std::string& action, std::int64_t id,
                      const std::string& note);
/// The alerts and tasks part of a pass's summary (nothing when alerts were not evaluated).
void print_alerts(const AlertSummary& alerts, bool dry_run);
/// `relance alerts check`: the "pass did not run or failed" rules now, and the pending deliveries.
/// Exit 2 when something was raised or a delivery needs a look (cron mails it).
int cmd_alerts_check(const Common& common);
/// `relance tasks [--all]` and `relance tasks done ID --note ...`.
int cmd_tasks_list(const Common& common, bool all);
int cmd_tasks_done(const Common& common, std::int64_t id, const std::string& note);
/// `relance letter INVOICE|CUSTOMER [--on DATE]`: the formal-notice PDF into the letters folder;
/// prints its path (exit 2 when it lacks a mandatory item, named on stderr).
int cmd_letter(const Common& common, const std::string& who, const std::string& on);
/// `relance letters`: the registered letters recorded to post.
int cmd_letters(const Common& common);
/// `relance collection export [--customer ID] [--out DIR] [--on DATE]`: one dossier per customer
/// whose invoices are in collection.
int cmd_collection_export(const Common& common, const std::string& customer, const std::string& out,
                          const std::string& on);
/// `relance dashboard`: the dashboard, read-only, in the foreground until Ctrl-C. `bind` ""
/// and `port` -1 keep the config's [web] values.
int cmd_dashboard(const Common& common, const std::string& bind, int port);
/// `relance hash-password`: reads a password on stdin, prints its Argon2id hash.
int cmd_hash_password();

/// The tenants directory of `common`: --tenants, else RELANCE_TENANTS ("" = none).
std::string tenants_dir(const Common& common);
/// `relance run|plan --tenants DIR --all-tenants`: every tenant in turn, in this process; a
/// tenant whose config is broken is reported and the others run.
int cmd_run_all_tenants(const Common& common, bool dry_run);
/// `relance run --tenants DIR --tenant ID`: that tenant's pass, never while a worker runs it.
int cmd_run_tenant(const Common& common, bool dry_run);
/// `relance run --worker` (app/workers/worker.h).
int cmd_run_worker(const Common& common, const std::string& name, int lease_seconds, bool retry_failed);
/// `relance migrate --tenants DIR --tenant ID|--all-tenants`: each tenant's schema up to date.
int cmd_migrate_tenants(const Common& common, const std::string& tenant, bool all);
/// `relance status --workers [--date D] [--json]`: the day's pass across workers, per tenant.
int cmd_status_workers(const Common& common, const std::string& date);

}  // namespace relance::cli
