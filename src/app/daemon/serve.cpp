// SPDX-License-Identifier: MIT
#include "app/daemon/serve.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <future>
#include <thread>

#include "app/wiring/daily_run.h"
#include "app/web/web_server.h"
#include "app/wiring/wiring.h"
#include "core/schedule/schedule.h"

namespace relance {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

sys_seconds clock_now(const ServeOptions& o) {
    return o.fixed_now ? *o.fixed_now
                       : std::chrono::floor<seconds>(std::chrono::system_clock::now());
}

void log_line(const std::string& kv) {
    std::fprintf(stderr, "relance serve: %s\n", kv.c_str());
    std::fflush(stderr);
}

std::string owner_name() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return std::string(host) + ":" + std::to_string(::getpid());
}

// Waits up to `timeout` for SIGTERM, SIGINT or SIGHUP (blocked in every thread): the signal, or 0.
int wait_signal(const sigset_t& set, std::chrono::milliseconds timeout) {
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    ts.tv_nsec = static_cast<long>((timeout.count() % 1000) * 1000000);
    const int sig = ::sigtimedwait(&set, nullptr, &ts);
    return sig > 0 ? sig : 0;
}

}  // namespace

int serve(const Settings& settings, const ServeOptions& options) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before any thread: they inherit the mask

    const std::string owner = owner_name();
    std::atomic<bool> stop{false};
    log_line("event=start owner=" + owner + " zone=" + settings.timezone);
    std::unique_ptr<WebServer> web;
    if (options.web && !options.once) {
        auto web_opts = web_options(settings, false);
        if (!web_opts) {
            log_line("event=error what=\"" + web_opts.error().describe() + "\"");
            return 1;
        }
        web = std::make_unique<WebServer>(settings, std::move(*web_opts));
        if (auto st = web->start(); !st) {
            log_line("event=error what=\"dashboard: " + st.error().describe() + "\"");
            return 1;
        }
        log_line("event=web url=" + web->url());
    }
    while (!stop) {
        auto store = open_store(settings);
        if (!store) {
            log_line("event=error what=\"" + store.error().describe() + "\"");
            return 3;
        }
        auto runs = (*store)->runs(1);
        if (!runs) {
            log_line("event=error what=\"" + runs.error().describe() + "\"");
            return 3;
        }
        std::optional<sys_seconds> last;
        if (!runs->empty()) last = runs->front().started_at;
        const sys_seconds now = clock_now(options);
        auto wake = on_wake(settings.schedule, settings.timezone, last, now);
        if (!wake) {
            log_line("event=error what=\"" + wake.error().describe() + "\"");
            return 1;
        }
        if (wake->run_now) {
            auto mine = (*store)->try_lease("daily-pass", owner, now, options.lease);
            if (!mine) {
                log_line("event=error what=\"" + mine.error().describe() + "\"");
                return 3;
            }
            if (!*mine) {
                log_line("event=wait reason=\"another relance is running the pass on this store\"");
                store->reset();
                if (wait_signal(set, std::chrono::seconds(options.fixed_now ? 1 : 30)) != 0) break;
                continue;  // re-evaluate: once it is done, nothing is due
            }
            // Another daemon may have run the pass between our look at the runs and the lease.
            auto again = (*store)->runs(1);
            if (!again) return 3;
            if (!again->empty() && (!last || again->front().started_at != *last)) {
                if (auto released = (*store)->release_lease("daily-pass", owner); !released) return 3;
                continue;
            }
            auto today = today_in(settings.timezone, now);
            if (!today) return 1;
            log_line("event=pass_start date=" + to_iso(*today) +
                     (last ? " last=" + iso_instant(*last) : std::string(" last=never")));
            DailyRunOptions run;
            run.should_stop = [&stop] { return stop.load(); };
            auto done = std::async(std::launch::async, [&] { return run_daily(settings, now, *today, run); });
            while (done.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
                const int sig = wait_signal(set, std::chrono::milliseconds(200));
                if (sig == SIGTERM || sig == SIGINT) {
                    log_line("event=stopping reason=signal detail=\"finishing the message in flight\"");
                    stop = true;
                }
            }
            auto summary = done.get();
            if (auto released = (*store)->release_lease("daily-pass", owner); !released) {
                log_line("event=error what=\"" + released.error().describe() + "\"");
            }
            if (!summary) {
                log_line("event=pass_failed what=\"" + summary.error().describe() + "\"");
                if (summary.error().code == ErrorCode::InvalidInput) return 1;
            } else {
                log_line("event=pass_done run=" + std::to_string(summary->run_id) +
                         " status=" + summary->status() + " sent=" + std::to_string(summary->messages_sent) +
                         " failed=" + std::to_string(summary->failed) +
                         " uncertain=" + std::to_string(summary->uncertain));
            }
            if (options.once || stop) break;
            continue;
        }
        if (auto st = (*store)->put_value("next_run", iso_instant(wake->next)); !st) {
            log_line("event=error what=\"" + st.error().describe() + "\"");
        }
        log_line("event=idle next_run=" + iso_instant(wake->next));
        store->reset();
        if (options.once) break;
        // Sleep until the next run, waking at least every minute (clock changes, suspend).
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(wake->next - clock_now(options));
        const auto nap = std::clamp(left, std::chrono::milliseconds(0), std::chrono::milliseconds(60000));
        const int sig = wait_signal(set, options.fixed_now ? std::chrono::milliseconds(0) : nap);
        if (sig == SIGTERM || sig == SIGINT) break;
        if (options.fixed_now) break;  // a fixed clock never reaches the next run
    }
    if (web) web->stop();
    log_line("event=stop");
    return 0;
}

}  // namespace relance
