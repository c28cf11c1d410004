// SPDX-License-Identifier: MIT
// The WorkQueue (core/ports/work_queue.h) on PostgreSQL: one row per tenant and local date in
// the control schema `relance_control`, claimed with SELECT ... FOR UPDATE SKIP LOCKED, held by
// a lease on the server's clock (so the workers' clocks never matter) and fenced by a session
// advisory lock per tenant: the lock goes with the worker's connection, so a worker that died
// frees its tenant at once, and one that is alive but late keeps it even after its lease ended
// (then nobody takes it over: at most once comes first). One connection, used under a mutex
// (the lease is renewed from another thread). It never runs a pass.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "adapters/queue/postgres/pg_link.h"
#include "core/ports/work_queue.h"

namespace relance {

class PgWorkQueue final : public WorkQueue {
public:
    /// Connects (Unavailable, naming the server, when it cannot be reached); does not create
    /// the tables: prepare() does.
    [[nodiscard]] static Result<std::unique_ptr<PgWorkQueue>> open(const std::string& url);

    [[nodiscard]] Status prepare() override;
    [[nodiscard]] Result<int> enqueue(std::span<const TenantDay> days, bool retry_failed) override;
    [[nodiscard]] Status record_failure(const TenantDay& day, const std::string& why) override;
    [[nodiscard]] Result<std::optional<TenantClaim>> claim(std::span<const TenantDay> among,
                                                           const std::string& worker,
                                                           std::chrono::seconds lease) override;
    [[nodiscard]] Result<bool> renew(const TenantClaim& claim, const std::string& worker,
                                     std::chrono::seconds lease) override;
    [[nodiscard]] Status finish(const TenantClaim& claim, const std::string& worker,
                                const TenantOutcome& outcome) override;
    [[nodiscard]] Status release(const TenantClaim& claim, const std::string& worker) override;
    [[nodiscard]] Result<QueueProgress> progress(std::span<const TenantDay> among) override;
    [[nodiscard]] Result<std::vector<TenantPassStatus>> status(std::optional<Date> on) override;
    [[nodiscard]] Result<bool> lock_tenant(const std::string& tenant) override;
    [[nodiscard]] Status unlock_tenant(const std::string& tenant) override;

    /// The version of the control schema this binary writes.
    static constexpr int kSchemaVersion = 1;

private:
    explicit PgWorkQueue(pgq::Link link) : link_(std::move(link)) {}
    [[nodiscard]] Status unlock_locked(const std::string& tenant);  // mutex held

    std::mutex mutex_;
    pgq::Link link_;
};

/// Whether `id` is a valid tenant id: 1 to 40 of [a-z0-9_], not starting with '_'.
[[nodiscard]] bool valid_tenant_id(std::string_view id);

}  // namespace relance
