// SPDX-License-Identifier: MIT
#include "app/workers/worker.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "adapters/queue/postgres/pg_work_queue.h"
#include "adapters/store/postgres/postgres_store.h"
#include "app/wiring/daily_run.h"
#include "app/workers/tenants.h"
#include "core/time/date.h"

namespace relance {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

// key=value lines on stderr, for journald (values with spaces quoted).
class Log {
public:
    Log(std::string who, bool quiet) : who_(std::move(who)), quiet_(quiet) {}
    void line(const std::string& event, const std::string& rest, bool always = false) {
        if (quiet_ && !always) return;
        std::lock_guard lock(mutex_);
        std::fprintf(stderr, "relance worker=%s event=%s%s%s\n", who_.c_str(), event.c_str(),
                     rest.empty() ? "" : " ", rest.c_str());
    }
    static std::string quoted(std::string s) {
        for (char& c : s) {
            if (c == '\n' || c == '"') c = c == '\n' ? ' ' : '\'';
        }
        return "\"" + s + "\"";
    }

private:
    std::string who_;
    bool quiet_;
    std::mutex mutex_;
};

sys_seconds clock_now(const WorkerOptions& o) {
    if (o.fixed_now) return *o.fixed_now;
    return std::chrono::time_point_cast<seconds>(std::chrono::system_clock::now());
}

// The tenant's instant and local date: its own zone, or --date (keeping the time of day).
Result<std::pair<sys_seconds, Date>> tenant_clock(const WorkerOptions& o, const Settings& s) {
    sys_seconds now = clock_now(o);
    auto today = today_in(s.timezone, now);
    if (!today) return unexpected(std::move(today).error());
    if (o.date) {
        now += std::chrono::sys_days{*o.date} - std::chrono::sys_days{*today};
        return std::make_pair(now, *o.date);
    }
    return std::make_pair(now, *today);
}

// Waits for SIGTERM/SIGINT (blocked in every thread of the process) and raises `stop`.
class SignalWatch {
public:
    explicit SignalWatch(std::atomic<bool>& stop) : stop_(stop) {
        sigemptyset(&set_);
        sigaddset(&set_, SIGTERM);
        sigaddset(&set_, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);  // before any other thread starts
        thread_ = std::thread([this] {
            while (!done_) {
                timespec ts{0, 200'000'000};
                if (sigtimedwait(&set_, nullptr, &ts) > 0) stop_ = true;
            }
        });
    }
    ~SignalWatch() {
        done_ = true;
        thread_.join();
    }
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;

private:
    std::atomic<bool>& stop_;
    std::atomic<bool> done_{false};
    sigset_t set_{};
    std::thread thread_;
};

// Renews the claim's lease every third of it while the pass runs; raises `lost` when the claim
// is no longer this worker's (or the queue cannot be reached to prove it still is).
class Renewer {
public:
    Renewer(WorkQueue& queue, const TenantClaim& claim, const std::string& me, seconds lease,
            std::atomic<bool>& lost, Log& log)
        : thread_([&queue, claim, me, lease, &lost, &log, this] {
              std::unique_lock lock(mutex_);
              while (!cv_.wait_for(lock, std::max(seconds{1}, lease / 3), [this] { return done_; })) {
                  auto renewed = queue.renew(claim, me, lease);
                  if (!renewed || !*renewed) {
                      lost = true;
                      log.line("lease_lost",
                               "tenant=" + claim.day.tenant + " detail=" +
                                   Log::quoted(renewed ? "taken over by another worker"
                                                       : renewed.error().describe()),
                               true);
                      return;
                  }
              }
          }) {}
    ~Renewer() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    Renewer(const Renewer&) = delete;
    Renewer& operator=(const Renewer&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;  // last: started once the members above exist
};

void nap(const std::atomic<bool>& stop, std::chrono::milliseconds total) {
    for (auto waited = std::chrono::milliseconds{0}; waited < total && !stop; waited += std::chrono::milliseconds{50}) {
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
}

}  // namespace

std::string worker_identity(const std::string& name) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host[0] != '\0' ? host : "localhost") + "/" + (name.empty() ? "worker" : name) +
           ":" + std::to_string(getpid());
}

int run_worker(const WorkerOptions& o) {
    std::atomic<bool> stop{false};
    SignalWatch signals(stop);
    const std::string me = worker_identity(o.name);
    Log log(me, o.quiet);

    if (!is_postgres_url(o.store_url)) {
        std::fprintf(stderr, "relance: --worker needs a PostgreSQL store shared by the workers: "
                             "--store postgres://... or RELANCE_STORE\n");
        return 1;
    }
    auto listing = list_tenants(o.tenants_dir);
    if (!listing) {
        std::fprintf(stderr, "relance: %s\n", listing.error().describe().c_str());
        return 1;
    }
    for (const auto& p : listing->problems) log.line("tenant_skipped", "detail=" + Log::quoted(p), true);
    auto opened = PgWorkQueue::open(o.store_url);
    if (!opened) {
        std::fprintf(stderr, "relance: %s\n", opened.error().describe().c_str());
        return 3;
    }
    WorkQueue& queue = **opened;
    if (auto st = queue.prepare(); !st) {
        std::fprintf(stderr, "relance: %s\n", st.error().describe().c_str());
        return 3;
    }

    // The day's tenant passes: every tenant on its own local date. A tenant whose config is
    // broken is recorded failed (with file:line: key) and the others run.
    std::vector<TenantDay> days;
    std::vector<TenantDay> all;
    for (const std::string& id : listing->ids) {
        auto settings = load_tenant(o.tenants_dir, id, o.store_url);
        Result<std::pair<sys_seconds, Date>> clock =
            settings ? tenant_clock(o, *settings) : Result<std::pair<sys_seconds, Date>>(unexpected(settings.error()));
        if (!clock) {
            const Error& e = clock.error();
            TenantDay day{id, o.date ? *o.date : *today_in("UTC", clock_now(o))};
            log.line("config_error", "tenant=" + id + " detail=" + Log::quoted(e.describe()), true);
            if (auto st = queue.record_failure(day, e.describe()); !st) {
                std::fprintf(stderr, "relance: %s\n", st.error().describe().c_str());
                return 3;
            }
            all.push_back(std::move(day));
            continue;
        }
        days.push_back(TenantDay{id, clock->second});
        all.push_back(days.back());
    }
    auto created = queue.enqueue(days, o.retry_failed);
    if (!created) {
        std::fprintf(stderr, "relance: %s\n", created.error().describe().c_str());
        return 3;
    }
    log.line("pass", "tenants=" + std::to_string(days.size()) + " new=" + std::to_string(*created) +
                         " lease_seconds=" + std::to_string(o.lease.count()));

    int ran = 0;
    int queue_errors = 0;
    while (!stop) {
        auto claim = queue.claim(days, me, o.lease);
        if (!claim) {
            log.line("queue_error", "detail=" + Log::quoted(claim.error().describe()), true);
            if (++queue_errors >= 5) return 3;
            nap(stop, std::chrono::seconds{2});
            continue;
        }
        queue_errors = 0;
        if (!claim->has_value()) {
            auto left = queue.progress(days);
            if (!left) {
                log.line("queue_error", "detail=" + Log::quoted(left.error().describe()), true);
                if (++queue_errors >= 5) return 3;
                nap(stop, std::chrono::seconds{2});
                continue;
            }
            if (left->queued == 0 && left->running == 0) break;
            // Others hold the rest: stay, to take over a tenant whose worker dies.
            nap(stop, std::chrono::milliseconds{std::min<std::int64_t>(1000, o.lease.count() * 250)});
            continue;
        }
        const TenantClaim c = **claim;
        ++ran;
        log.line(c.taken_over_from.empty() ? "claimed" : "taken_over",
                 "tenant=" + c.day.tenant + " date=" + to_iso(c.day.local_date) +
                     " attempt=" + std::to_string(c.attempt) +
                     (c.taken_over_from.empty() ? "" : " from=" + c.taken_over_from));
        const auto t0 = std::chrono::steady_clock::now();
        TenantOutcome outcome;
        std::atomic<bool> lost{false};
        bool released = false;
        auto settings = load_tenant(o.tenants_dir, c.day.tenant, o.store_url);
        if (!settings) {
            outcome.state = "failed";
            outcome.detail = settings.error().describe();
        } else {
            auto clock = tenant_clock(o, *settings);
            const sys_seconds now = clock ? clock->first : clock_now(o);
            DailyRunOptions run;
            run.should_stop = [&] { return stop.load() || lost.load(); };
            Result<PassSummary> summary = [&] {
                Renewer renewer(queue, c, me, o.lease, lost, log);
                return run_daily(*settings, now, c.day.local_date, run);
            }();
            if (lost) {
                log.line("abandoned", "tenant=" + c.day.tenant +
                                          " detail=\"the claim is no longer ours: left to its new holder\"",
                         true);
                continue;
            }
            if (stop && (!summary || summary->not_attempted > 0)) {
                released = true;
            } else if (!summary) {
                outcome.state = "failed";
                outcome.detail = summary.error().describe();
            } else {
                outcome.state = summary->status() == "ok" ? "done" : "partial";
                outcome.run_id = summary->run_id;
                for (const auto& [level, tally] : summary->sent) outcome.sent += tally.count;
                outcome.uncertain = summary->uncertain;
                outcome.failed = summary->failed + summary->refused;
                std::string d;
                for (const auto& [src, why] : summary->source_errors) d += "source " + src + ": " + why + "; ";
                if (summary->uncertain > 0) {
                    d += std::to_string(summary->uncertain) +
                         " uncertain: settle with `relance outbox --tenant " + c.day.tenant + "`; ";
                }
                outcome.detail = d;
            }
        }
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (released) {
            auto st = queue.release(c, me);
            log.line("released", "tenant=" + c.day.tenant + (st ? "" : " detail=" + Log::quoted(st.error().describe())),
                     true);
            break;
        }
        auto st = queue.finish(c, me, outcome);
        char took[32];
        std::snprintf(took, sizeof took, "%.1f", secs);
        log.line(outcome.state == "failed" ? "failed" : "finished",
                 "tenant=" + c.day.tenant + " state=" + outcome.state + " sent=" + std::to_string(outcome.sent) +
                     " uncertain=" + std::to_string(outcome.uncertain) + " failed=" +
                     std::to_string(outcome.failed) + " seconds=" + took +
                     (outcome.detail.empty() ? "" : " detail=" + Log::quoted(outcome.detail)),
                 outcome.state == "failed");
        if (!st) log.line("queue_error", "detail=" + Log::quoted(st.error().describe()), true);
    }
    if (stop) {
        log.line("stopped", "reason=signal ran=" + std::to_string(ran), true);
        return 0;
    }

    // The day's pass as a whole (every worker's part).
    auto rows = queue.status(std::nullopt);
    if (!rows) {
        std::fprintf(stderr, "relance: %s\n", rows.error().describe().c_str());
        return 3;
    }
    std::int64_t done = 0;
    std::int64_t bad = 0;
    std::int64_t sent = 0;
    std::int64_t uncertain = 0;
    for (const auto& r : *rows) {
        bool mine = false;
        for (const auto& d : all) mine = mine || (d.tenant == r.day.tenant && d.local_date == r.day.local_date);
        if (!mine) continue;
        if (r.state == "done") ++done;
        if (r.state == "partial" || r.state == "failed") ++bad;
        sent += r.outcome.sent;
        uncertain += r.outcome.uncertain;
    }
    log.line("pass_finished",
             "tenants=" + std::to_string(all.size()) + " done=" + std::to_string(done) +
                 " needs_a_look=" + std::to_string(bad) + " ran_here=" + std::to_string(ran) +
                 " sent=" + std::to_string(sent) + " uncertain=" + std::to_string(uncertain),
             true);
    return bad > 0 ? 2 : 0;
}

}  // namespace relance
