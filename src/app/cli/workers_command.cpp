// SPDX-License-Identifier: MIT
// The tenants' commands: `relance run --tenant ID`, `run --all-tenants`, `run --worker` and
// `relance status --workers` (app/workers/).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "adapters/queue/postgres/pg_work_queue.h"
#include "adapters/store/postgres/postgres_store.h"
#include "app/cli/commands.h"
#include "app/workers/tenants.h"
#include "app/wiring/store_wiring.h"
#include "app/workers/worker.h"

namespace relance::cli {

std::string tenants_dir(const Common& c) {
    if (!c.tenants.empty()) return c.tenants;
    const char* env = std::getenv("RELANCE_TENANTS");
    return env != nullptr ? std::string(env) : std::string();
}

namespace {

// With a PostgreSQL store, a direct run holds the tenant's lock (the one a worker holds while it
// runs the tenant): a direct run and a worker never run one tenant at the same time.
class DirectLock {
public:
    /// nullopt and a message when the tenant is busy or the server cannot be reached.
    static std::optional<DirectLock> take(const std::string& url, const std::string& tenant) {
        DirectLock lock;
        if (!is_postgres_url(url)) return lock;  // a SQLite file: its own lock
        auto q = PgWorkQueue::open(url);
        if (!q) {
            err(q.error().describe());
            return std::nullopt;
        }
        auto got = (*q)->lock_tenant(tenant);
        if (!got) {
            err(got.error().describe());
            return std::nullopt;
        }
        if (!*got) {
            err("tenant " + tenant + " is being run now by a worker (see `relance status --workers`); "
                "try again when it is done");
            return std::nullopt;
        }
        lock.queue_ = std::move(*q);
        lock.tenant_ = tenant;
        return lock;
    }
    ~DirectLock() {
        if (queue_) (void)queue_->unlock_tenant(tenant_);
    }
    DirectLock(DirectLock&&) = default;
    DirectLock& operator=(DirectLock&&) = default;
    DirectLock(const DirectLock&) = delete;
    DirectLock& operator=(const DirectLock&) = delete;

private:
    DirectLock() = default;
    std::unique_ptr<PgWorkQueue> queue_;
    std::string tenant_;
};

std::string lease_text(const TenantPassStatus& r) {
    if (!r.lease_left_seconds) return "";
    return *r.lease_left_seconds >= 0 ? fmt::format("{} s left", *r.lease_left_seconds)
                                      : fmt::format("EXPIRED {} s ago", -*r.lease_left_seconds);
}

}  // namespace

int cmd_run_tenant(const Common& common, bool dry_run) {
    auto lock = DirectLock::take(tenants_store_url(common.store), common.tenant);
    if (!lock) return 3;
    if (!common.json) std::printf("tenant %s\n", common.tenant.c_str());
    return run_pass(common, dry_run, false);
}

int cmd_run_all_tenants(const Common& common, bool dry_run) {
    const std::string dir = tenants_dir(common);
    if (dir.empty()) {
        err("--all-tenants needs the tenants directory: --tenants DIR or RELANCE_TENANTS");
        return 1;
    }
    auto listing = list_tenants(dir);
    if (!listing) {
        err(listing.error().describe());
        return 1;
    }
    for (const auto& p : listing->problems) err("skipped: " + p);
    int worst = listing->problems.empty() ? 0 : 2;
    std::vector<std::pair<std::string, int>> results;
    for (const std::string& id : listing->ids) {
        Common one = common;
        one.tenant = id;
        one.tenants = dir;
        std::printf("%s== tenant %s ==\n", results.empty() ? "" : "\n", id.c_str());
        std::fflush(stdout);
        int rc = 0;
        if (auto lock = DirectLock::take(tenants_store_url(common.store), id)) {
            rc = run_pass(one, dry_run, false);
        } else {
            rc = 3;
        }
        std::fflush(stdout);
        results.emplace_back(id, rc);
        worst = std::max(worst, rc == 1 ? 2 : rc);
    }
    int ok_count = 0;
    std::string bad;
    for (const auto& [id, rc] : results) {
        if (rc == 0) {
            ++ok_count;
        } else {
            bad += fmt::format("{}{} ({})", bad.empty() ? "" : ", ", id,
                               rc == 1 ? "config error" : rc == 2 ? "needs a look" : "could not run");
        }
    }
    std::printf("\n%zu tenant(s): %d ok%s%s\n", results.size(), ok_count, bad.empty() ? "" : "; ",
                bad.c_str());
    return worst;
}

int cmd_run_worker(const Common& common, const std::string& name, int lease_seconds, bool retry_failed) {
    WorkerOptions o;
    o.tenants_dir = tenants_dir(common);
    if (o.tenants_dir.empty()) {
        err("--worker needs the tenants directory: --tenants DIR or RELANCE_TENANTS");
        return 1;
    }
    o.store_url = tenants_store_url(common.store);
    o.name = name;
    o.lease = std::chrono::seconds{lease_seconds};
    o.retry_failed = retry_failed;
    o.quiet = common.quiet;
    if (!common.now.empty() || !common.date.empty()) {
        Settings utc;
        utc.timezone = "UTC";
        auto clock = clock_for(Common{.now = common.now}, utc);
        if (!clock) return 1;
        if (!common.now.empty()) o.fixed_now = clock->first;
        if (!common.date.empty()) {
            auto d = parse_iso_date(common.date);
            if (!d) {
                err("--date '" + common.date + "': expected a date such as 2026-04-08");
                return 1;
            }
            o.date = *d;
        }
    }
    return run_worker(o);
}

int cmd_migrate_tenants(const Common& common, const std::string& tenant, bool all) {
    const std::string dir = tenants_dir(common);
    const std::string url = tenants_store_url(common.store);
    if (dir.empty() || (tenant.empty() && !all)) {
        err("migrate of tenants: --tenants DIR (or RELANCE_TENANTS) with --tenant ID or --all-tenants");
        return 1;
    }
    if (!is_postgres_url(url)) {
        err("tenants live in a PostgreSQL store: --store postgres://... or RELANCE_STORE");
        return 1;
    }
    std::vector<std::string> ids{tenant};
    if (all) {
        auto listing = list_tenants(dir);
        if (!listing) {
            err(listing.error().describe());
            return 1;
        }
        for (const auto& p : listing->problems) err("skipped: " + p);
        ids = listing->ids;
    } else if (!valid_tenant_id(tenant)) {
        err("'" + tenant + "' is not a valid tenant id (1 to 40 of a-z, 0-9 and _, not starting with _)");
        return 1;
    }
    // Only the schema: a tenant whose relance.toml is broken still gets it (the config is read
    // when the tenant runs, and reported then).
    int worst = 0;
    for (const std::string& id : ids) {
        StoreTarget target;
        target.location = url;
        target.tenant = id;
        auto run = migrate_store(target);
        if (!run) {
            err("tenant " + id + ": " + run.error().describe());
            if (run.error().code != ErrorCode::InvalidInput) return 3;  // the server: no use going on
            worst = 1;
            continue;
        }
        std::printf("tenant %s: schema version %lld -> %lld%s\n", id.c_str(), static_cast<long long>(run->from),
                    static_cast<long long>(run->to), run->from == run->to ? " (up to date)" : "");
    }
    return worst;
}

int cmd_status_workers(const Common& common, const std::string& date) {
    const std::string url = tenants_store_url(common.store);
    if (!is_postgres_url(url)) {
        err("status --workers reads the workers' queue: --store postgres://... or RELANCE_STORE");
        return 1;
    }
    std::optional<Date> on;
    if (!date.empty()) {
        auto d = parse_iso_date(date);
        if (!d) {
            err("--date '" + date + "': expected a date such as 2026-04-08");
            return 1;
        }
        on = *d;
    }
    auto q = PgWorkQueue::open(url);
    if (!q) {
        err(q.error().describe());
        return 3;
    }
    if (auto st = (*q)->prepare(); !st) {
        err(st.error().describe());
        return 3;
    }
    auto rows = (*q)->status(on);
    if (!rows) {
        err(rows.error().describe());
        return 3;
    }
    std::map<std::string, int> by_state;
    std::int64_t sent = 0;
    std::int64_t uncertain = 0;
    std::int64_t failed = 0;
    for (const auto& r : *rows) {
        ++by_state[r.state];
        sent += r.outcome.sent;
        uncertain += r.outcome.uncertain;
        failed += r.outcome.failed;
    }
    if (common.json) {
        std::string j = "{\"tenants\":[";
        for (std::size_t i = 0; i < rows->size(); ++i) {
            const auto& r = (*rows)[i];
            j += fmt::format(
                "{}{{\"tenant\":{},\"date\":\"{}\",\"state\":\"{}\",\"worker\":{},\"lease_left_seconds\":{},"
                "\"attempts\":{},\"taken_over_from\":{},\"run_id\":{},\"sent\":{},\"uncertain\":{},"
                "\"failed\":{},\"detail\":{}}}",
                i ? "," : "", json_text(r.day.tenant), to_iso(r.day.local_date), r.state, json_text(r.worker),
                r.lease_left_seconds ? std::to_string(*r.lease_left_seconds) : "null", r.attempts,
                json_text(r.taken_over_from), r.outcome.run_id, r.outcome.sent, r.outcome.uncertain,
                r.outcome.failed, json_text(r.outcome.detail));
        }
        j += "],\"total\":{";
        j += fmt::format("\"tenants\":{},\"sent\":{},\"uncertain\":{},\"failed\":{}", rows->size(), sent,
                         uncertain, failed);
        for (const auto& [state, n] : by_state) j += fmt::format(",\"{}\":{}", state, n);
        std::printf("%s}}\n", j.c_str());
    } else {
        std::printf("%-20s %-10s %-8s %-28s %-16s %4s %8s %5s %5s  %s\n", "tenant", "date", "state", "worker",
                    "lease", "try", "sent", "unsure", "fail", "detail");
        for (const auto& r : *rows) {
            std::string detail;  // on one line
            for (char ch : r.outcome.detail) detail += ch == '\n' ? std::string(" |") : std::string(1, ch);
            if (!r.taken_over_from.empty()) detail = "taken over from " + r.taken_over_from + "; " + detail;
            std::printf("%-20s %-10s %-8s %-28s %-16s %4d %8lld %5lld %5lld  %s\n", r.day.tenant.c_str(),
                        to_iso(r.day.local_date).c_str(), r.state.c_str(), r.worker.c_str(),
                        lease_text(r).c_str(), r.attempts, static_cast<long long>(r.outcome.sent),
                        static_cast<long long>(r.outcome.uncertain), static_cast<long long>(r.outcome.failed),
                        detail.c_str());
        }
        std::string states;
        for (const char* st : {"done", "partial", "running", "queued", "failed"}) {
            states += fmt::format("{}{} {}", states.empty() ? "" : ", ", by_state[st], st);
        }
        std::printf("\ntotal: %zu tenant(s): %s; %lld reminder(s) sent, %lld uncertain, %lld failed\n",
                    rows->size(), states.c_str(), static_cast<long long>(sent),
                    static_cast<long long>(uncertain), static_cast<long long>(failed));
        if (uncertain > 0) {
            std::printf("uncertain reminders need a person: `relance outbox --tenants DIR --tenant ID` "
                        "for each tenant above with some\n");
        }
    }
    return by_state["failed"] + by_state["partial"] > 0 ? 2 : 0;
}

}  // namespace relance::cli
