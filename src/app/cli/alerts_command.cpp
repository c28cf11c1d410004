// SPDX-License-Identifier: MIT
// `relance alerts` and `relance tasks`: the internal alerts raised, their deliveries that need a
// person (uncertain, rejected, failed) and how to settle them; `relance alerts check`, which cron
// runs every hour so that a daily pass that did not run or failed is never silent; the follow-up
// tasks and `relance tasks done ID --note ...`.

#include <cstdio>

#include "app/cli/commands.h"
#include "app/wiring/alert_wiring.h"
#include "app/wiring/wiring.h"
#include "engine/alert_pass.h"

namespace relance::cli {
namespace {

// Settings and the alert store, or the exit code to return.
struct Opened {
    std::optional<Settings> settings;
    std::unique_ptr<AlertStore> store;
    int code = 0;
};

Opened open_alerts(const Common& common) {
    Opened o;
    o.settings = settings_for(common);
    if (!o.settings) {
        o.code = 1;
        return o;
    }
    auto store = open_alert_store(*o.settings);
    if (!store) {
        err(store.error().describe());
        o.code = 3;
        return o;
    }
    o.store = std::move(*store);
    return o;
}

}  // namespace

void print_alerts(const AlertSummary& s, bool dry_run) {
    if (!s.evaluated) return;
    std::printf("\n%s (%zu)%s\n", dry_run ? "Alerts that would be raised" : "Alerts raised", s.raised.size(),
                s.raised.empty() ? ": none new" : ":");
    constexpr std::size_t kShown = 40;
    for (std::size_t i = 0; i < s.raised.size() && i < kShown; ++i) {
        const AlertLine& a = s.raised[i];
        std::printf("  %-13s %s%s: %s\n", a.kind.c_str(), a.title.c_str(),
                    a.why == RaiseReason::New ? "" : (" (" + std::string(to_string(a.why)) + ")").c_str(),
                    a.reason.c_str());
    }
    if (s.raised.size() > kShown) std::printf("  … and %zu more: `relance alerts --all`\n", s.raised.size() - kShown);
    if (!s.tasks.empty()) {
        std::printf("%s (%zu), see `relance tasks`:\n", dry_run ? "Tasks that would be created" : "Tasks created",
                    s.tasks.size());
        for (std::size_t i = 0; i < s.tasks.size() && i < kShown; ++i) {
            const TaskLine& t = s.tasks[i];
            std::printf("  %s%s\n", t.id > 0 ? ("#" + std::to_string(t.id) + " ").c_str() : "", t.title.c_str());
        }
        if (s.tasks.size() > kShown) std::printf("  … and %zu more\n", s.tasks.size() - kShown);
    }
    if (!dry_run && s.delivered + s.failed + s.rejected + s.uncertain > 0) {
        std::printf("Alert and task deliveries: %lld sent, %lld failed (retried later), %lld rejected, %lld uncertain\n",
                    static_cast<long long>(s.delivered), static_cast<long long>(s.failed),
                    static_cast<long long>(s.rejected), static_cast<long long>(s.uncertain));
    }
    for (const auto& e : s.errors) std::printf("  %s\n", e.c_str());
    if (!s.error.empty()) std::printf("  ALERTS NOT EVALUATED: %s\n", s.error.c_str());
}

int cmd_alerts_list(const Common& common, bool all) {
    Opened o = open_alerts(common);
    if (!o.store) return o.code;
    auto alerts = o.store->alerts(all ? 0 : 30);
    auto deliveries = o.store->notices(0);
    if (!alerts || !deliveries) {
        err((!alerts ? alerts.error() : deliveries.error()).describe());
        return 3;
    }
    std::vector<NoticeDelivery> shown;
    for (const NoticeDelivery& d : *deliveries) {
        const bool needs_you = d.state == ReminderState::Uncertain || d.state == ReminderState::Rejected ||
                               d.state == ReminderState::Failed;
        if (all || needs_you) shown.push_back(d);
    }
    if (common.json) {
        std::string j = "{\"alerts\":[";
        for (std::size_t i = 0; i < alerts->size(); ++i) {
            const AlertNotice& n = (*alerts)[i];
            j += std::string(i ? "," : "") + "{\"id\":" + std::to_string(n.id) + ",\"kind\":" + json_text(n.alert.kind) +
                 ",\"subject\":" + json_text(n.alert.subject) + ",\"occurrence\":" + std::to_string(n.occurrence) +
                 ",\"why\":" + json_text(to_string(n.why)) + ",\"raised_on\":\"" + to_iso(n.raised_on) +
                 "\",\"title\":" + json_text(n.alert.title) + ",\"reason\":" + json_text(n.alert.reason) + "}";
        }
        j += "],\"deliveries\":[";
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const NoticeDelivery& d = shown[i];
            j += std::string(i ? "," : "") + "{\"id\":" + std::to_string(d.id) + ",\"type\":" +
                 json_text(to_string(d.type)) + ",\"notice_id\":" + std::to_string(d.notice_id) +
                 ",\"channel\":" + json_text(d.channel) + ",\"state\":" + json_text(to_string(d.state)) +
                 ",\"attempts\":" + std::to_string(d.attempts) + ",\"detail\":" + json_text(d.detail) + "}";
        }
        std::printf("%s]}\n", j.c_str());
        return 0;
    }
    if (alerts->empty()) std::printf("No alert raised yet.\n");
    for (const AlertNotice& n : *alerts) {
        std::printf("#%-5lld %s  %-13s %s%s\n    %s\n", static_cast<long long>(n.id), to_iso(n.raised_on).c_str(),
                    n.alert.kind.c_str(), n.alert.title.c_str(),
                    n.why == RaiseReason::New ? "" : (" (" + std::string(to_string(n.why)) + ")").c_str(),
                    n.alert.reason.c_str());
    }
    std::printf("\n%s (%zu):\n", all ? "Deliveries" : "Deliveries that need you", shown.size());
    if (shown.empty()) std::printf("  none\n");
    for (const NoticeDelivery& d : shown) {
        std::printf("  %-6lld %-9s %-10s %s %lld: %s%s%s\n", static_cast<long long>(d.id), d.channel.c_str(),
                    std::string(to_string(d.state)).c_str(), std::string(to_string(d.type)).c_str(),
                    static_cast<long long>(d.notice_id), d.title.c_str(), d.detail.empty() ? "" : " — ",
                    d.detail.c_str());
    }
    if (!all && !shown.empty()) {
        std::printf("\nuncertain: may have arrived; check the channel, then `relance alerts confirm ID` or\n"
                    "  `relance alerts retry ID`. rejected: the service refused it (see why); fix the setting,\n"
                    "  then `relance alerts retry ID`. failed: the next pass or check tries again by itself.\n");
    }
    return 0;
}

int cmd_alerts_check(const Common& common) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto clock = clock_for(common, *settings);
    if (!clock) return 1;
    if (!settings->alerts.enabled) {
        std::printf("Alerts are off ([alerts] enabled = false).\n");
        return 0;
    }
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    auto wired = wire_alerts(*settings, **store);
    if (!wired) {
        err(wired.error().describe());
        return wired.error().code == ErrorCode::InvalidInput ? 1 : 3;
    }
    AlertContext ctx;
    ctx.today = clock->second;
    ctx.now = clock->first;
    auto summary = wired->pass->run(ctx);
    if (!summary) {
        err(summary.error().describe());
        return 3;
    }
    if (!common.quiet || !summary->raised.empty() || summary->needs_a_look()) print_alerts(*summary, false);
    return summary->raised.empty() && !summary->needs_a_look() ? 0 : 2;
}

int cmd_alerts_settle(const Common& common, const std::string& action, std::int64_t id, const std::string& note) {
    Opened o = open_alerts(common);
    if (!o.store) return o.code;
    const ReminderState to = action == "confirm" ? ReminderState::Sent : ReminderState::Failed;
    auto row = o.store->settle_notice(id, to, note, actor());
    if (!row) {
        err(row.error().describe());
        return row.error().code == ErrorCode::NotFound || row.error().code == ErrorCode::Conflict ? 1 : 3;
    }
    std::printf(to == ReminderState::Sent ? "Delivery %lld (%s to %s) recorded as delivered.\n"
                                          : "Delivery %lld (%s to %s) will be tried again by the next pass or check.\n",
                static_cast<long long>(id), std::string(to_string(row->type)).c_str(), row->channel.c_str());
    return 0;
}

int cmd_tasks_list(const Common& common, bool all) {
    Opened o = open_alerts(common);
    if (!o.store) return o.code;
    auto tasks = o.store->tasks(all);
    if (!tasks) {
        err(tasks.error().describe());
        return 3;
    }
    if (common.json) {
        std::string j = "[";
        for (std::size_t i = 0; i < tasks->size(); ++i) {
            const TaskRecord& r = (*tasks)[i];
            j += std::string(i ? "," : "") + "{\"id\":" + std::to_string(r.id) + ",\"kind\":" +
                 json_text(to_string(r.task.kind)) + ",\"subject\":" + json_text(r.task.subject) + ",\"title\":" +
                 json_text(r.task.title) + ",\"detail\":" + json_text(r.task.detail) + ",\"invoice\":" +
                 json_text(r.task.invoice_number) + ",\"customer\":" + json_text(r.task.customer_name) +
                 ",\"created_on\":\"" + to_iso(r.created_on) + "\",\"done\":" + (r.done ? "true" : "false") +
                 ",\"done_on\":" + (r.done_on ? "\"" + to_iso(*r.done_on) + "\"" : std::string("null")) +
                 ",\"note\":" + json_text(r.note) + "}";
        }
        std::printf("%s]\n", j.c_str());
        return 0;
    }
    if (tasks->empty()) {
        std::printf(all ? "No task yet.\n" : "Nothing to do: no open task.\n");
        return 0;
    }
    for (const TaskRecord& r : *tasks) {
        std::printf("#%-5lld %s  %-10s %s%s\n    %s\n", static_cast<long long>(r.id), to_iso(r.created_on).c_str(),
                    std::string(to_string(r.task.kind)).c_str(), r.task.title.c_str(),
                    r.done ? (" [done " + to_iso(*r.done_on) + (r.note.empty() ? "" : ": " + r.note) + "]").c_str() : "",
                    r.task.detail.c_str());
    }
    if (!all) std::printf("\nWhen one is done: relance tasks done ID --note \"what was done\"\n");
    return 0;
}

int cmd_tasks_done(const Common& common, std::int64_t id, const std::string& note) {
    Opened o = open_alerts(common);
    if (!o.store) return o.code;
    auto clock = clock_for(common, *o.settings);
    if (!clock) return 1;
    auto task = o.store->close_task(id, clock->second, note, actor());
    if (!task) {
        err(task.error().describe());
        return task.error().code == ErrorCode::NotFound || task.error().code == ErrorCode::Conflict ? 1 : 3;
    }
    std::printf("Task %lld done: %s\n", static_cast<long long>(id), task->task.title.c_str());
    return 0;
}

}  // namespace relance::cli
