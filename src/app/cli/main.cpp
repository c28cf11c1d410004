// SPDX-License-Identifier: MIT
// `relance`: the command line. CLI11 is included here only (it costs seconds per translation unit).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#include "app/cli/commands.h"

namespace {

constexpr const char* kIntro = R"(relance — automatic payment reminders for unpaid invoices.

Every day, relance reads your unpaid invoices (a CSV export of your invoicing tool), works out
which ones need a reminder (at +7, +15, +30 and +45 days late by default, one level at a time,
at least 7 days apart), writes each reminder as an e-mail file in outbox/, and remembers what
it sent so that nothing is ever sent twice.

Quick start:
  relance run --source factures.csv     run once on a CSV, with the default settings
  relance init mon-dossier              write a commented config and the message templates
  relance plan                          show what would be sent today, without sending

Exit codes: 0 ok; 1 usage or configuration error; 2 done, but something needs a look
(rejected rows, a source that could not be read, a failed delivery); 3 could not run.)";

void add_common(CLI::App* cmd, relance::cli::Common& c, bool with_clock) {
    cmd->add_option("-c,--config", c.config, "Config file (default: ./relance.toml if present)");
    cmd->add_option("-s,--source", c.source,
                    "Read this CSV file instead of the config's source (no config needed)");
    cmd->add_option("--tenants", c.tenants,
                    "Tenants directory: one folder per company, DIR/<tenant-id>/relance.toml "
                    "(default: $RELANCE_TENANTS)");
    cmd->add_option("--tenant", c.tenant, "Act on this tenant of --tenants (its folder name)");
    cmd->add_option("--store", c.store,
                    "With --tenants: the store the tenants share, postgres://... (default: "
                    "$RELANCE_STORE); each tenant has its own schema in it");
    if (with_clock) {
        cmd->add_option("--date", c.date, "Act as if today were this date (YYYY-MM-DD)");
        cmd->add_option("--now", c.now, "Fixed clock, a UTC instant (2026-04-08T07:00:00Z)");
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        CLI::App app{kIntro, "relance"};
        app.require_subcommand(1);
        app.set_version_flag("--version", "relance 0.1.0");
        app.footer("Run `relance COMMAND --help` for the options of a command.");

        relance::cli::Common common;
        std::string folder = ".";
        bool force = false;
        auto* init = app.add_subcommand("init", "Write a commented relance.toml and the templates into a folder");
        init->add_option("folder", folder, "Folder to write into (created if needed)");
        init->add_flag("--force", force, "Overwrite an existing relance.toml and templates");

        std::string tenant;
        auto* migrate = app.add_subcommand(
            "migrate", "Bring the store's schema up to date (required before the first run on PostgreSQL)");
        migrate->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        migrate->add_option("--tenant", tenant,
                            "PostgreSQL only: the tenant's store (schema tenant_ID; ID is 1-40 of a-z, 0-9, _)");
        migrate->add_flag("--json", common.json, "Print {\"store\", \"tenant\", \"from\", \"to\"} as JSON");
        bool migrate_all_tenants = false;
        migrate->add_option("--tenants", common.tenants,
                            "Tenants directory (DIR/<tenant-id>/relance.toml; default: $RELANCE_TENANTS): "
                            "with --tenant or --all-tenants, those tenants' schemas");
        migrate->add_flag("--all-tenants", migrate_all_tenants, "Every tenant folder of --tenants");
        migrate->add_option("--store", common.store,
                            "With --tenants: the store the tenants share, postgres://... (default: $RELANCE_STORE)");
        migrate->footer(R"(The store is RELANCE_STORE if set, else [store] url, else [store] path (SQLite).

Applies each pending migration in its own transaction, one process at a time, and prints the
schema version before and after ("0 -> 6" for a new store). Running it again does nothing.

PostgreSQL (RELANCE_STORE=postgresql://relance@db.example:5432/relance): the database must
exist (createdb relance); the schema of a tenant is created. relance never migrates a
PostgreSQL store by itself: after an upgrade, run `relance migrate` once, then restart the
daemons. The password comes from PGPASSWORD, ~/.pgpass, or the variable [store] password_env
names; it is never printed.
SQLite: the file is created if needed; relance also migrates it on open.

Errors: an unreachable server names host:port and what to check (exit 3); a store newer than
this relance says to upgrade relance (exit 3); a bad tenant id or URL is a usage error (exit 1).)");

        bool dry_run = false;
        auto* run = app.add_subcommand("run", "Run the daily pass: read, plan, write reminders, record");
        add_common(run, common, true);
        run->add_flag("--dry-run", dry_run, "Print the plan without recording or sending anything");
        run->add_flag("--json", common.json, "Print the summary as JSON");
        run->add_flag("-q,--quiet", common.quiet, "No progress indicator");
        run->add_flag("--accept-empty", common.accept_empty,
                      "A source whose listing holds no invoice at all while some of its invoices are open "
                      "(an export emptied by mistake) is taken as not read: nothing is marked paid. "
                      "This flag confirms such an empty listing: its open invoices are resolved");
        bool all_tenants = false;
        bool worker = false;
        bool retry_failed = false;
        std::string worker_name;
        int lease_seconds = 60;
        run->add_flag("--all-tenants", all_tenants, "Every tenant of --tenants in turn, in this process");
        run->add_flag("--worker", worker,
                      "Share the day's pass of every tenant of --tenants with other workers (a queue in "
                      "the PostgreSQL store); exits when every tenant is done");
        run->add_option("--worker-name", worker_name, "This worker's name in the queue (e.g. systemd %i)");
        run->add_option("--lease", lease_seconds,
                        "Seconds a claimed tenant stays this worker's without news (renewed every third): "
                        "after a crash, another worker takes it over once this has passed")
            ->check(CLI::Range(3, 3600));
        run->add_flag("--retry-failed", retry_failed,
                      "With --worker: queue again today's tenants that failed (after fixing their config)");
        run->footer(
            "One company: `relance run` (config: ./relance.toml or --config).\n"
            "\n"
            "Several companies in one store (tenants): DIR/<tenant-id>/relance.toml each, with its own\n"
            "policy, sources, templates and time zone; the folder name is the tenant id (a-z 0-9 _).\n"
            "  relance run --tenants DIR --tenant acme        one tenant\n"
            "  relance run --tenants DIR --all-tenants        all of them in turn, here\n"
            "  relance run --tenants DIR --worker             share the day's pass with other workers\n"
            "With --worker (start several, on one or several machines, same DIR and store):\n"
            "  --store postgres://relance@db/relance (or RELANCE_STORE) holds the tenants' schemas and\n"
            "  the queue; each worker claims one tenant at a time, runs it on the tenant's own date,\n"
            "  and stays until all are done, to take over the tenant of a worker that died (after\n"
            "  --lease seconds). The same day again does nothing new. SIGTERM: the message in flight\n"
            "  is finished, the tenant goes back to the queue, the worker exits.\n"
            "  `relance status --workers` shows who does what; a tenant whose config is broken is\n"
            "  reported there (file:line: key) and the others run.\n"
            "A systemd template unit for workers is in packaging/relance-worker@.service.");

        bool all = false;
        auto* plan = app.add_subcommand("plan", "Show what would be sent today, with the reason for each");
        add_common(plan, common, true);
        bool plan_all_tenants = false;
        plan->add_flag("--all-tenants", plan_all_tenants, "The plan of every tenant of --tenants in turn");
        plan->add_flag("--all", all, "Also list every open invoice that gets nothing today, and why");
        plan->add_flag("--json", common.json, "Print the plan as JSON (with --all: every decision)");

        std::string who;
        std::string until;
        std::string reason;
        auto* pause = app.add_subcommand("pause", "Stop reminders to a customer (e.g. negotiation under way)");
        add_common(pause, common, false);
        pause->add_option("customer", who, "Customer id (customer_id column, or the e-mail)")->required();
        pause->add_option("--until", until, "Last paused day, YYYY-MM-DD (default: until resumed)");
        pause->add_option("--reason", reason, "Why, e.g. \"négociation en cours\"");
        auto* resume = app.add_subcommand("resume", "Resume reminders to a paused customer");
        add_common(resume, common, false);
        resume->add_option("customer", who, "Customer id")->required();

        auto* hold = app.add_subcommand("hold", "Stop reminders for one invoice (dispute, promise to pay)");
        add_common(hold, common, false);
        hold->add_option("invoice", who, "Invoice number")->required();
        hold->add_option("--until", until, "Last held day, YYYY-MM-DD (default: until released)");
        hold->add_option("--reason", reason, "Why, e.g. \"promesse de paiement\"");
        auto* unhold = app.add_subcommand("unhold", "Release an invoice on hold");
        add_common(unhold, common, false);
        unhold->add_option("invoice", who, "Invoice number")->required();

        auto* holds = app.add_subcommand("holds", "List paused customers and invoices on hold");
        add_common(holds, common, false);

        std::size_t limit = 50;
        auto* history = app.add_subcommand("history", "List the latest reminders recorded in the store");
        add_common(history, common, false);
        history->add_option("-n,--limit", limit, "How many (0 = all)");

        bool outbox_all = false;
        std::int64_t outbox_id = 0;
        std::string note;
        auto* outbox = app.add_subcommand(
            "outbox", "List reminders that need a person (uncertain, rejected, failed) and settle them");
        add_common(outbox, common, false);
        outbox->add_flag("--all", outbox_all, "List every reminder recorded, whatever its state");
        outbox->add_flag("--json", common.json, "Print the list as JSON");
        auto* confirm = outbox->add_subcommand("confirm", "It did reach the customer: record it as sent");
        confirm->add_option("id", outbox_id, "Reminder id (first column of `relance outbox`)")->required();
        confirm->add_option("--note", note, "Why, for the audit log (e.g. \"seen in the server log\")");
        auto* retry = outbox->add_subcommand("retry", "It did not arrive: send it again on the next run");
        retry->add_option("id", outbox_id, "Reminder id (first column of `relance outbox`)")->required();
        retry->add_option("--note", note, "Why, for the audit log (e.g. \"address fixed\")");

        bool alerts_all = false;
        std::int64_t notice_id = 0;
        auto* alerts = app.add_subcommand(
            "alerts", "List the internal alerts raised and the deliveries that need a person; settle them");
        add_common(alerts, common, false);
        alerts->add_flag("--all", alerts_all, "Every alert and every delivery, whatever its state");
        alerts->add_flag("--json", common.json, "Print the lists as JSON");
        auto* alerts_check = alerts->add_subcommand(
            "check", "Check now that the daily pass ran (and did not fail), and deliver pending alerts; "
                     "run it from cron every hour");
        alerts_check->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        alerts_check->add_option("--now", common.now, "Fixed clock, a UTC instant (2026-04-08T07:00:00Z)");
        alerts_check->add_flag("-q,--quiet", common.quiet, "Print only when something was raised or needs a look");
        auto* alerts_confirm = alerts->add_subcommand("confirm", "It did arrive: record the delivery as done");
        alerts_confirm->add_option("id", notice_id, "Delivery id (from `relance alerts`)")->required();
        alerts_confirm->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        alerts_confirm->add_option("--note", note, "Why, for the audit log");
        auto* alerts_retry = alerts->add_subcommand("retry", "Deliver it again on the next pass or check");
        alerts_retry->add_option("id", notice_id, "Delivery id (from `relance alerts`)")->required();
        alerts_retry->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        alerts_retry->add_option("--note", note, "Why, for the audit log (e.g. \"webhook URL fixed\")");

        bool tasks_all = false;
        auto* tasks = app.add_subcommand("tasks", "List the follow-up tasks to do by hand (call, letter, address ...)");
        add_common(tasks, common, false);
        tasks->add_flag("--all", tasks_all, "Also the tasks already done");
        tasks->add_flag("--json", common.json, "Print the list as JSON");
        auto* tasks_done = tasks->add_subcommand("done", "Close a task once it is done");
        tasks_done->add_option("id", notice_id, "Task id (first column of `relance tasks`)")->required();
        tasks_done->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        tasks_done->add_option("--note", note, "What was done, for the record (e.g. \"called, pays Friday\")");
        tasks_done->add_option("--date", common.date, "The day it was done (default: today)");

        std::string invoice;
        std::string on;
        std::string notice;
        auto* penalties = app.add_subcommand(
            "penalties", "Show the late-payment penalties of an open invoice, step by step");
        add_common(penalties, common, false);
        penalties->add_option("invoice", invoice, "Invoice number")->required();
        penalties->add_option("--on", on, "Compute as of this date, YYYY-MM-DD (default: today)");
        penalties->add_option("--notice", notice,
                              "Consumer debt: the date the formal notice was sent (default: the "
                              "formal-notice reminder recorded)");

        std::string letter_for;
        std::string letter_on;
        auto* letter = app.add_subcommand(
            "letter", "Write the formal-notice letter (PDF) of an invoice or a customer into the letters folder");
        add_common(letter, common, false);
        letter->add_option("who", letter_for,
                           "Invoice number (that invoice), or customer id (all their overdue invoices)")
            ->required();
        letter->add_option("--on", letter_on, "Date of the letter and of its penalties, YYYY-MM-DD (default: today)");
        auto* letters = app.add_subcommand("letters", "List the registered letters (LRAR) recorded to post");
        add_common(letters, common, false);
        std::string collection_customer;
        std::string collection_out;
        std::string collection_on;
        auto* collection = app.add_subcommand("collection", "Invoices handed to collection");
        collection->require_subcommand(1);
        auto* collection_export = collection->add_subcommand(
            "export", "Write a dossier per customer (JSON, CSV, letters) for an agency or a lawyer");
        add_common(collection_export, common, false);
        collection_export->add_option("--customer", collection_customer, "Only this customer id");
        collection_export->add_option("--out", collection_out, "Folder to write into (default: [letters] collection_dir)");
        collection_export->add_option("--on", collection_on, "Penalties as of this date, YYYY-MM-DD (default: today)");

        bool once = false;
        auto* serve = app.add_subcommand(
            "serve", "Run the daily pass on its schedule ([schedule]: 09:00 by default), as a daemon");
        add_common(serve, common, false);
        serve->add_option("--now", common.now, "Fixed clock, a UTC instant (tests and replays; implies one check)");
        serve->add_flag("--once", once,
                        "Check once: run the pass now if one was missed (catch-up), then exit");
        bool no_web = false;
        serve->add_flag("--no-web", no_web, "Do not serve the dashboard ([web]) from this daemon");
        serve->footer(
            "A missed pass (the machine was off) runs once at start-up, not once per missed day.\n"
            "Several `relance serve` on one store never run a pass at the same time.\n"
            "SIGTERM finishes the message in flight and leaves the rest for the next pass.\n"
            "A systemd unit is in packaging/relance.service.");

        bool status_workers = false;
        std::string status_date;
        auto* status = app.add_subcommand(
            "status", "The day's pass across workers: per tenant queued, running (worker, lease), done "
                      "or failed, and the total");
        status->add_flag("--workers", status_workers, "The workers' queue (the only view for now)");
        status->add_option("--store", common.store, "The shared store, postgres://... (default: $RELANCE_STORE)");
        status->add_option("--date", status_date, "That day's rows (default: each tenant's latest day)");
        status->add_flag("--json", common.json, "Print the rows and the total as JSON");
        status->footer("Exit code 2 when a tenant failed or needs a look: fit for a monitoring check.");

        std::string web_bind;
        int web_port = -1;
        auto* dashboard = app.add_subcommand(
            "dashboard", "Open the dashboard, read-only, on http://127.0.0.1:8080/ until Ctrl-C");
        add_common(dashboard, common, false);
        dashboard->add_option("--date", common.date, "Show the figures as of this date (YYYY-MM-DD)");
        dashboard->add_option("--bind", web_bind, "Address to listen on (default: [web] bind, 127.0.0.1)");
        dashboard->add_option("--port", web_port, "Port (default: [web] port, 8080; 0 = any free port)");
        dashboard->footer(
            "Any address other than 127.0.0.1 requires [web] token_env/token_file or [[web.users]].\n"
            "The actions (pause, hold, preview with audit) are served by `relance serve`.");
        auto* hash_password = app.add_subcommand(
            "hash-password", "Read a password on stdin and print its hash for [[web.users]] password_hash");

        std::string source_name;
        auto* sync = app.add_subcommand(
            "sync", "Read the sources into the store (invoices that left a tool's unpaid listing are "
                    "read again to confirm they were paid); plans and sends nothing");
        sync->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        sync->add_option("--source", source_name, "Only the [[sources]] entry of this name");
        sync->add_option("--date", common.date, "Act as if today were this date (YYYY-MM-DD)");
        sync->add_option("--now", common.now, "Fixed clock, a UTC instant (2026-04-08T07:00:00Z)");
        sync->add_flag("--json", common.json, "Print the summary as JSON");
        sync->add_flag("--accept-empty", common.accept_empty,
                       "A source whose listing holds no invoice at all while some of its invoices are open "
                       "(an export emptied by mistake) is taken as not read: nothing is marked paid. "
                       "This flag confirms such an empty listing: its open invoices are resolved");
        auto* sources = app.add_subcommand("sources", "Check the configured sources");
        sources->require_subcommand(1);
        auto* sources_test = sources->add_subcommand(
            "test", "Read each source (credentials, listing to the end) and show what it sees: "
                    "invoices, amounts due, the oldest due date. Writes nothing");
        sources_test->add_option("-c,--config", common.config, "Config file (default: ./relance.toml if present)");
        sources_test->add_option("--source", source_name, "Only the [[sources]] entry of this name");
        sources_test->add_option("--date", common.date, "Act as if today were this date (YYYY-MM-DD)");

        CLI11_PARSE(app, argc, argv);
        if (dashboard->parsed()) return relance::cli::cmd_dashboard(common, web_bind, web_port);
        if (hash_password->parsed()) return relance::cli::cmd_hash_password();

        using namespace relance::cli;
        if (init->parsed()) return cmd_init(folder, force);
        if (migrate->parsed() && (migrate_all_tenants || !common.tenants.empty())) {
            return cmd_migrate_tenants(common, tenant, migrate_all_tenants);
        }
        if (migrate->parsed()) return cmd_migrate(common, tenant);
        if (run->parsed() && worker) {
            if (all_tenants || !common.tenant.empty() || dry_run) {
                relance::cli::err("--worker runs every tenant, for real: not with --tenant, --all-tenants or --dry-run");
                return 1;
            }
            return cmd_run_worker(common, worker_name, lease_seconds, retry_failed);
        }
        if (run->parsed() && all_tenants) return cmd_run_all_tenants(common, dry_run);
        if (plan->parsed() && plan_all_tenants) return cmd_run_all_tenants(common, true);
        if (run->parsed()) return cmd_run(common, dry_run);
        if (plan->parsed()) return cmd_plan(common, all);
        if (status->parsed()) return cmd_status_workers(common, status_date);
        if (pause->parsed()) return cmd_pause(common, who, until, reason, false);
        if (resume->parsed()) return cmd_pause(common, who, "", "", true);
        if (hold->parsed()) return cmd_hold(common, who, until, reason, false);
        if (unhold->parsed()) return cmd_hold(common, who, "", "", true);
        if (holds->parsed()) return cmd_holds(common);
        if (history->parsed()) return cmd_history(common, limit);
        if (confirm->parsed()) return cmd_outbox_settle(common, "confirm", outbox_id, note);
        if (retry->parsed()) return cmd_outbox_settle(common, "retry", outbox_id, note);
        if (outbox->parsed()) return cmd_outbox_list(common, outbox_all);
        if (alerts_check->parsed()) return cmd_alerts_check(common);
        if (alerts_confirm->parsed()) return cmd_alerts_settle(common, "confirm", notice_id, note);
        if (alerts_retry->parsed()) return cmd_alerts_settle(common, "retry", notice_id, note);
        if (alerts->parsed()) return cmd_alerts_list(common, alerts_all);
        if (tasks_done->parsed()) return cmd_tasks_done(common, notice_id, note);
        if (tasks->parsed()) return cmd_tasks_list(common, tasks_all);
        if (serve->parsed()) return cmd_serve(common, once, no_web);
        if (penalties->parsed()) return cmd_penalties(common, invoice, on, notice);
        if (letter->parsed()) return cmd_letter(common, letter_for, letter_on);
        if (letters->parsed()) return cmd_letters(common);
        if (collection_export->parsed()) {
            return cmd_collection_export(common, collection_customer, collection_out, collection_on);
        }
        if (sync->parsed()) return cmd_sync(common, source_name);
        if (sources_test->parsed()) return cmd_sources_test(common, source_name);
        return 1;
    } catch (const std::exception& e) {
        // Last resort: the commands return errors as values; this is a bug if it ever prints.
        std::fprintf(stderr, "relance: internal error: %s\n", e.what());
        return 3;
    }
}
