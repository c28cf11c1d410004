// SPDX-License-Identifier: MIT
// `relance run --worker`: one of several processes (on one or several machines) sharing a day's
// pass over the tenants of a store. Each worker puts the day's tenant passes in the queue (once:
// a pass already created is left as it is), then claims tenants one at a time, runs each on the
// tenant's own local date with the ordinary daily pass, and renews its lease while it works. It
// stays until every tenant of the day is finished, so that the tenant of a worker that died is
// taken over when its lease ends. The outbox's recovery of rows left planned/sending and its
// unique key keep every reminder at most once. SIGTERM/SIGINT: the message in flight is
// finished, the claim is given back (queued again for another worker), and the worker exits.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/time/date.h"

namespace relance {

struct WorkerOptions {
    std::string tenants_dir;
    std::string store_url;            // postgres://...: the queue's server (and the tenants' store)
    std::string name;                 // this worker's name (systemd %i); "" = the pid
    std::chrono::seconds lease{60};   // renewed every third of it
    std::optional<std::chrono::sys_seconds> fixed_now;  // --now: a fixed clock (tests, replays)
    std::optional<Date> date;         // --date: run every tenant as of that day
    bool retry_failed = false;        // queue the day's failed tenants again
    bool quiet = false;               // no per-tenant log lines on stderr
};

/// Runs the worker until the day's pass is finished (or a signal). Exit code: 0 every tenant of
/// the pass done (or stopped by a signal, claim given back), 1 usage or tenants directory error,
/// 2 the pass finished but a tenant failed or needs a look, 3 the queue cannot be used.
[[nodiscard]] int run_worker(const WorkerOptions& options);

/// "host/name:pid": who holds a claim, in the queue and in `relance status --workers`.
[[nodiscard]] std::string worker_identity(const std::string& name);

}  // namespace relance
