// SPDX-License-Identifier: MIT
// WorkQueue: how several `relance run --worker` processes share a day's pass. The unit of work
// is one tenant (a company of a multi-tenant store) on its own local date. Implementation:
// adapters/queue/postgres (a control schema, SELECT ... FOR UPDATE SKIP LOCKED, leases).
// It decides who runs which tenant; it never runs a pass, and it knows no config or store.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time/date.h"

namespace relance {

/// One tenant's pass of one day: the key of the queue, created once (idempotent).
struct TenantDay {
    std::string tenant;
    Date local_date{};  // the tenant's civil date in its own time zone
};

/// A tenant pass this worker holds until its lease ends (renewed while it works).
struct TenantClaim {
    TenantDay day;
    int attempt = 1;              // 1 = first claim; more = retried or taken over
    std::string taken_over_from;  // the worker whose lease had expired ("" = none)
};

/// How a claimed pass ended.
struct TenantOutcome {
    std::string state;  // "done", "partial" (done, something needs a look) or "failed"
    std::int64_t run_id = 0;
    std::int64_t sent = 0;       // reminders sent by this pass
    std::int64_t uncertain = 0;  // may have gone out: a person settles them (`relance outbox`)
    std::int64_t failed = 0;     // messages not sent, retried by the next pass
    std::string detail;          // why it failed, or a one-line summary
};

/// A row of the aggregated status (`relance status --workers`).
struct TenantPassStatus {
    TenantDay day;
    std::string state;   // queued, running, done, partial, failed
    std::string worker;  // who holds it or last held it
    std::optional<std::int64_t> lease_left_seconds;  // running: negative = expired
    int attempts = 0;
    std::string taken_over_from;
    TenantOutcome outcome;
    std::optional<std::chrono::sys_seconds> started_at;
    std::optional<std::chrono::sys_seconds> finished_at;
};

/// What is left of a set of tenant days.
struct QueueProgress {
    std::int64_t queued = 0;
    std::int64_t running = 0;  // held by a live lease, or expired and not yet taken over
    std::int64_t finished = 0; // done, partial or failed
};

class WorkQueue {
public:
    virtual ~WorkQueue() = default;
    /// Creates the queue's tables when they are missing (idempotent, safe from several workers).
    [[nodiscard]] virtual Status prepare() = 0;
    /// Creates the rows of these tenant days that do not exist yet; returns how many were new
    /// (0 when the day's pass was created before). Rows already there are left as they are, except
    /// a "failed" one with `retry_failed`: it is queued again.
    [[nodiscard]] virtual Result<int> enqueue(std::span<const TenantDay> days, bool retry_failed) = 0;
    /// Records a tenant that cannot run at all (its config is broken) as failed, with `why`.
    [[nodiscard]] virtual Status record_failure(const TenantDay& day, const std::string& why) = 0;
    /// Claims one of `among` for `worker` until now + `lease` (the server's clock): a queued one,
    /// or a running one whose lease expired and whose worker is gone. Nothing: none is free now.
    [[nodiscard]] virtual Result<std::optional<TenantClaim>> claim(std::span<const TenantDay> among,
                                                                   const std::string& worker,
                                                                   std::chrono::seconds lease) = 0;
    /// Extends the lease; false when the claim is no longer this worker's (then stop at once).
    [[nodiscard]] virtual Result<bool> renew(const TenantClaim& claim, const std::string& worker,
                                             std::chrono::seconds lease) = 0;
    /// Records how the pass ended and gives the claim up.
    [[nodiscard]] virtual Status finish(const TenantClaim& claim, const std::string& worker,
                                        const TenantOutcome& outcome) = 0;
    /// Gives the claim back unfinished (SIGTERM): queued again, for any worker.
    [[nodiscard]] virtual Status release(const TenantClaim& claim, const std::string& worker) = 0;
    [[nodiscard]] virtual Result<QueueProgress> progress(std::span<const TenantDay> among) = 0;
    /// The latest day of every tenant (or the rows of `on`), by tenant.
    [[nodiscard]] virtual Result<std::vector<TenantPassStatus>> status(std::optional<Date> on) = 0;
    /// Holds the tenant's exclusive lock for a pass outside the queue (`relance run --tenant`):
    /// false when a worker (or another run) is on it.
    [[nodiscard]] virtual Result<bool> lock_tenant(const std::string& tenant) = 0;
    [[nodiscard]] virtual Status unlock_tenant(const std::string& tenant) = 0;
};

}  // namespace relance
