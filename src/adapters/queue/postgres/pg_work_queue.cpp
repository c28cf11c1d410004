// SPDX-License-Identifier: MIT
#include "adapters/queue/postgres/pg_work_queue.h"

namespace relance {
namespace {

// A text[] literal: every element quoted, quotes and backslashes escaped.
std::string text_array(std::span<const TenantDay> days, bool dates) {
    std::string out = "{";
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (char c : dates ? to_iso(days[i].local_date) : days[i].tenant) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

// The candidates among the given days: (tenant, local_date) pairs joined in as two arrays.
constexpr const char* kAmong =
    " JOIN (SELECT unnest($1::text[]) AS tenant, unnest($2::date[]) AS local_date) w"
    " USING (tenant, local_date) ";

// Advisory lock key: (class, object); a hash collision of two tenants only makes one wait.
constexpr const char* kLockArgs = "hashtext('relance.tenant'), hashtext($1)";

std::string secs(std::chrono::seconds s) { return std::to_string(s.count()); }

std::optional<std::chrono::sys_seconds> instant(const pgq::Rows& rows, std::size_t r, std::size_t c) {
    if (rows.null(r, c)) return std::nullopt;
    return std::chrono::sys_seconds{std::chrono::seconds{rows.integer(r, c)}};
}

Status fail_check(Status s) {
    if (!s) return unexpected(std::move(s).error().with_context("work queue"));
    return s;
}

}  // namespace

bool valid_tenant_id(std::string_view id) {
    if (id.empty() || id.size() > 40 || id.front() == '_') return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

Result<std::unique_ptr<PgWorkQueue>> PgWorkQueue::open(const std::string& url) {
    auto link = pgq::Link::connect(url);
    if (!link) return unexpected(std::move(link).error());
    return std::unique_ptr<PgWorkQueue>(new PgWorkQueue(std::move(*link)));
}

Status PgWorkQueue::prepare() {
    std::lock_guard lock(mutex_);
    // One worker at a time creates the tables: concurrent CREATE ... IF NOT EXISTS can clash.
    auto st = link_.run(
        "BEGIN;"
        "SELECT pg_advisory_xact_lock(hashtext('relance.control.schema'));"
        "CREATE SCHEMA IF NOT EXISTS relance_control;"
        "CREATE TABLE IF NOT EXISTS relance_control.version (version integer NOT NULL);"
        "INSERT INTO relance_control.version SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM relance_control.version);"
        "CREATE TABLE IF NOT EXISTS relance_control.tenant_passes ("
        "  tenant text NOT NULL CHECK (tenant ~ '^[a-z0-9][a-z0-9_]{0,39}$'),"
        "  local_date date NOT NULL,"
        "  state text NOT NULL DEFAULT 'queued'"
        "    CHECK (state IN ('queued', 'running', 'done', 'partial', 'failed')),"
        "  worker text,"
        "  lease_until timestamptz,"
        "  attempts integer NOT NULL DEFAULT 0,"
        "  taken_over_from text,"
        "  created_at timestamptz NOT NULL DEFAULT now(),"
        "  started_at timestamptz,"
        "  finished_at timestamptz,"
        "  run_id bigint,"
        "  sent bigint NOT NULL DEFAULT 0,"
        "  uncertain bigint NOT NULL DEFAULT 0,"
        "  failed bigint NOT NULL DEFAULT 0,"
        "  detail text NOT NULL DEFAULT '',"
        "  PRIMARY KEY (tenant, local_date));"
        "COMMIT;");
    if (!st) {
        (void)link_.run("ROLLBACK");
        return fail_check(std::move(st));
    }
    auto v = link_.exec("SELECT max(version) FROM relance_control.version");
    if (!v) return unexpected(std::move(v).error().with_context("work queue"));
    if (v->integer(0, 0) > kSchemaVersion) {
        return fail(ErrorCode::InvalidInput,
                    "the work queue's schema (relance_control) is version " + v->text(0, 0) +
                        ", newer than this relance knows (" + std::to_string(kSchemaVersion) +
                        "): upgrade relance on this machine");
    }
    return ok();
}

Result<int> PgWorkQueue::enqueue(std::span<const TenantDay> days, bool retry_failed) {
    std::lock_guard lock(mutex_);
    const pgq::Params p{text_array(days, false), text_array(days, true)};
    if (retry_failed) {
        auto again = link_.exec(std::string("UPDATE relance_control.tenant_passes q SET state = 'queued',"
                                            " worker = NULL, lease_until = NULL,"
                                            " detail = 'queued again after: ' || q.detail"
                                            " FROM (SELECT unnest($1::text[]) AS tenant,"
                                            " unnest($2::date[]) AS local_date) w"
                                            " WHERE q.tenant = w.tenant AND q.local_date = w.local_date"
                                            " AND q.state = 'failed'"),
                                p);
        if (!again) return unexpected(std::move(again).error().with_context("work queue"));
    }
    auto rows = link_.exec(
        "INSERT INTO relance_control.tenant_passes (tenant, local_date)"
        " SELECT unnest($1::text[]), unnest($2::date[])"
        " ON CONFLICT (tenant, local_date) DO NOTHING RETURNING 1",
        p);
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue"));
    return static_cast<int>(rows->size());
}

Status PgWorkQueue::record_failure(const TenantDay& day, const std::string& why) {
    std::lock_guard lock(mutex_);
    // A pass already done today stays done: a config broken since then shows tomorrow.
    auto rows = link_.exec(
        "INSERT INTO relance_control.tenant_passes AS q (tenant, local_date, state, detail, finished_at)"
        " VALUES ($1, $2::date, 'failed', $3, now())"
        " ON CONFLICT (tenant, local_date) DO UPDATE SET state = 'failed', detail = excluded.detail,"
        " finished_at = now() WHERE q.state IN ('queued', 'failed')",
        {day.tenant, to_iso(day.local_date), why});
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue"));
    return ok();
}

Result<std::optional<TenantClaim>> PgWorkQueue::claim(std::span<const TenantDay> among,
                                                      const std::string& worker,
                                                      std::chrono::seconds lease) {
    std::lock_guard lock(mutex_);
    if (among.empty()) return std::optional<TenantClaim>{};
    if (auto st = link_.run("BEGIN"); !st) return unexpected(std::move(st).error().with_context("work queue"));
    const auto rollback = [&](Error e) -> Result<std::optional<TenantClaim>> {
        (void)link_.run("ROLLBACK");
        return unexpected(std::move(e).with_context("work queue"));
    };
    // Rows another worker is claiming right now are skipped, not waited for.
    auto cand = link_.exec(std::string("SELECT q.tenant, q.local_date::text, q.state, coalesce(q.worker, '')"
                                       " FROM relance_control.tenant_passes q") +
                               kAmong +
                               "WHERE q.state = 'queued' OR (q.state = 'running' AND q.lease_until < now())"
                               " ORDER BY q.attempts, q.tenant LIMIT 16 FOR UPDATE OF q SKIP LOCKED",
                           {text_array(among, false), text_array(among, true)});
    if (!cand) return rollback(std::move(cand).error());
    for (std::size_t r = 0; r < cand->size(); ++r) {
        const std::string& tenant = cand->text(r, 0);
        // An expired lease whose worker is still connected keeps its tenant (its lock).
        auto locked = link_.exec(std::string("SELECT pg_try_advisory_lock(") + kLockArgs + ")", {tenant});
        if (!locked) return rollback(std::move(locked).error());
        if (!locked->boolean(0, 0)) continue;
        auto upd = link_.exec(
            "UPDATE relance_control.tenant_passes SET state = 'running', worker = $3,"
            " lease_until = now() + make_interval(secs => $4::integer), attempts = attempts + 1,"
            " taken_over_from = CASE WHEN state = 'running' THEN worker END,"
            " started_at = now(), finished_at = NULL"
            " WHERE tenant = $1 AND local_date = $2::date RETURNING attempts, coalesce(taken_over_from, '')",
            {tenant, cand->text(r, 1), worker, secs(lease)});
        if (!upd || upd->size() != 1) {
            (void)unlock_locked(tenant);
            if (!upd) return rollback(std::move(upd).error());
            return rollback(make_error(ErrorCode::Internal, "claimed row vanished"));
        }
        if (auto st = link_.run("COMMIT"); !st) {
            (void)unlock_locked(tenant);
            return unexpected(std::move(st).error().with_context("work queue"));
        }
        TenantClaim c;
        c.day.tenant = tenant;
        auto d = parse_iso_date(cand->text(r, 1));
        if (d) c.day.local_date = *d;
        c.attempt = static_cast<int>(upd->integer(0, 0));
        c.taken_over_from = upd->text(0, 1);
        return std::optional<TenantClaim>{std::move(c)};
    }
    if (auto st = link_.run("COMMIT"); !st) return unexpected(std::move(st).error().with_context("work queue"));
    return std::optional<TenantClaim>{};
}

Result<bool> PgWorkQueue::renew(const TenantClaim& claim, const std::string& worker,
                                std::chrono::seconds lease) {
    std::lock_guard lock(mutex_);
    auto rows = link_.exec(
        "UPDATE relance_control.tenant_passes SET lease_until = now() + make_interval(secs => $4::integer)"
        " WHERE tenant = $1 AND local_date = $2::date AND worker = $3 AND state = 'running' RETURNING 1",
        {claim.day.tenant, to_iso(claim.day.local_date), worker, secs(lease)});
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue: renewing the lease"));
    return rows->size() == 1;
}

Status PgWorkQueue::unlock_locked(const std::string& tenant) {
    auto rows = link_.exec(std::string("SELECT pg_advisory_unlock(") + kLockArgs + ")", {tenant});
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue"));
    return ok();
}

Status PgWorkQueue::finish(const TenantClaim& claim, const std::string& worker,
                           const TenantOutcome& outcome) {
    std::lock_guard lock(mutex_);
    auto rows = link_.exec(
        "UPDATE relance_control.tenant_passes SET state = $4, finished_at = now(), lease_until = NULL,"
        " run_id = nullif($5::bigint, 0), sent = $6::bigint, uncertain = $7::bigint, failed = $8::bigint,"
        " detail = $9"
        " WHERE tenant = $1 AND local_date = $2::date AND worker = $3 AND state = 'running' RETURNING 1",
        {claim.day.tenant, to_iso(claim.day.local_date), worker, outcome.state,
         std::to_string(outcome.run_id), std::to_string(outcome.sent), std::to_string(outcome.uncertain),
         std::to_string(outcome.failed), outcome.detail});
    auto unlocked = unlock_locked(claim.day.tenant);
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue: recording the pass"));
    if (rows->size() != 1) {
        return fail(ErrorCode::Conflict, "work queue: tenant " + claim.day.tenant +
                                             " is no longer held by this worker (its lease was taken over)");
    }
    return unlocked;
}

Status PgWorkQueue::release(const TenantClaim& claim, const std::string& worker) {
    std::lock_guard lock(mutex_);
    auto rows = link_.exec(
        "UPDATE relance_control.tenant_passes SET state = 'queued', lease_until = NULL,"
        " detail = 'released unfinished by ' || $3"
        " WHERE tenant = $1 AND local_date = $2::date AND worker = $3 AND state = 'running'",
        {claim.day.tenant, to_iso(claim.day.local_date), worker});
    auto unlocked = unlock_locked(claim.day.tenant);
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue: releasing"));
    return unlocked;
}

Result<QueueProgress> PgWorkQueue::progress(std::span<const TenantDay> among) {
    std::lock_guard lock(mutex_);
    QueueProgress p;
    if (among.empty()) return p;
    auto rows = link_.exec(std::string("SELECT count(*) FILTER (WHERE state = 'queued'),"
                                       " count(*) FILTER (WHERE state = 'running'),"
                                       " count(*) FILTER (WHERE state IN ('done', 'partial', 'failed'))"
                                       " FROM relance_control.tenant_passes q") +
                               kAmong,
                           {text_array(among, false), text_array(among, true)});
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue"));
    p.queued = rows->integer(0, 0);
    p.running = rows->integer(0, 1);
    p.finished = rows->integer(0, 2);
    return p;
}

Result<std::vector<TenantPassStatus>> PgWorkQueue::status(std::optional<Date> on) {
    std::lock_guard lock(mutex_);
    const std::string cols =
        "tenant, local_date::text, state, coalesce(worker, ''),"
        " CASE WHEN state = 'running' THEN floor(extract(epoch FROM lease_until - now()))::bigint END,"
        " attempts, coalesce(taken_over_from, ''), coalesce(run_id, 0), sent, uncertain, failed, detail,"
        " extract(epoch FROM started_at)::bigint, extract(epoch FROM finished_at)::bigint"
        " FROM relance_control.tenant_passes";
    auto rows = on ? link_.exec("SELECT " + cols + " WHERE local_date = $1::date ORDER BY tenant",
                                {to_iso(*on)})
                   : link_.exec("SELECT DISTINCT ON (tenant) " + cols + " ORDER BY tenant, local_date DESC");
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue"));
    std::vector<TenantPassStatus> out;
    for (std::size_t r = 0; r < rows->size(); ++r) {
        TenantPassStatus s;
        s.day.tenant = rows->text(r, 0);
        if (auto d = parse_iso_date(rows->text(r, 1))) s.day.local_date = *d;
        s.state = rows->text(r, 2);
        s.worker = rows->text(r, 3);
        if (!rows->null(r, 4)) s.lease_left_seconds = rows->integer(r, 4);
        s.attempts = static_cast<int>(rows->integer(r, 5));
        s.taken_over_from = rows->text(r, 6);
        s.outcome.state = s.state;
        s.outcome.run_id = rows->integer(r, 7);
        s.outcome.sent = rows->integer(r, 8);
        s.outcome.uncertain = rows->integer(r, 9);
        s.outcome.failed = rows->integer(r, 10);
        s.outcome.detail = rows->text(r, 11);
        s.started_at = instant(*rows, r, 12);
        s.finished_at = instant(*rows, r, 13);
        out.push_back(std::move(s));
    }
    return out;
}

Result<bool> PgWorkQueue::lock_tenant(const std::string& tenant) {
    std::lock_guard lock(mutex_);
    auto rows = link_.exec(std::string("SELECT pg_try_advisory_lock(") + kLockArgs + ")", {tenant});
    if (!rows) return unexpected(std::move(rows).error().with_context("work queue"));
    return rows->boolean(0, 0);
}

Status PgWorkQueue::unlock_tenant(const std::string& tenant) {
    std::lock_guard lock(mutex_);
    return unlock_locked(tenant);
}

}  // namespace relance
