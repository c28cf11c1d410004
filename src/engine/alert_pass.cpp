// SPDX-License-Identifier: MIT
#include "engine/alert_pass.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace relance {
namespace {

constexpr int kMaxDownInARow = 3;  // unavailable deliveries in a row before a channel is left for later

// Runs of other processes still under way: their rows are theirs to deliver and settle.
std::set<std::int64_t> runs_in_flight(std::span<const PassRecord> passes, const AlertContext& ctx,
                                      const AlertRules& rules) {
    std::set<std::int64_t> out;
    for (const PassRecord& p : passes) {
        if (p.id != ctx.run_id && !p.finished_at &&
            ctx.now - p.started_at < std::chrono::hours{rules.stuck_run_hours}) {
            out.insert(p.id);
        }
    }
    return out;
}

AlertLine line_of(const AlertNotice& n) {
    return AlertLine{n.alert.kind, n.alert.subject, n.alert.title, n.alert.reason, n.why, n.occurrence};
}

std::vector<std::string> names_of(const std::vector<NoticeChannel*>& channels) {
    std::vector<std::string> out;
    for (const NoticeChannel* c : channels) out.emplace_back(c->name());
    return out;
}

}  // namespace

AlertPass::AlertPass(Store& store, AlertStore& alerts, std::vector<NoticeChannel*> alert_channels,
                     std::vector<NoticeChannel*> task_channels, AlertRules rules, const Policy& policy,
                     bool digest)
    : store_(store),
      alerts_(alerts),
      alert_channels_(std::move(alert_channels)),
      task_channels_(std::move(task_channels)),
      rules_(std::move(rules)),
      policy_(policy),
      digest_(digest) {}

NoticeChannel* AlertPass::channel(std::string_view name, NoticeType type) const {
    for (NoticeChannel* c : type == NoticeType::Alert ? alert_channels_ : task_channels_) {
        if (c->name() == name) return c;
    }
    return nullptr;
}

// Rows a previous pass or check left "sending" were interrupted mid-delivery: on an idempotent
// channel they are delivered again; on any other they may have arrived, so they become
// uncertain. Rows of passes still running elsewhere are left alone.
Status AlertPass::recover(const AlertContext& ctx, AlertSummary& summary) {
    auto passes = alerts_.passes(50);
    if (!passes) return unexpected(std::move(passes).error());
    const std::set<std::int64_t> busy = runs_in_flight(*passes, ctx, rules_);
    auto sending = alerts_.notices_in(ReminderState::Sending);
    if (!sending) return unexpected(std::move(sending).error());
    std::vector<std::int64_t> again;
    std::vector<std::int64_t> unsure;
    for (const NoticeDelivery& row : *sending) {
        if (busy.count(row.run_id) > 0) continue;
        const NoticeChannel* c = channel(row.channel, row.type);
        (c != nullptr && c->idempotent() ? again : unsure).push_back(row.id);
    }
    if (!again.empty()) {
        const std::vector<std::string> why(again.size(), "interrupted: delivered again");
        if (auto st = alerts_.set_notice_state(again, ReminderState::Failed, why); !st) return st;
        summary.recovered += static_cast<std::int64_t>(again.size());
    }
    if (!unsure.empty()) {
        const std::vector<std::string> why(unsure.size(),
                                           "interrupted while delivering: it may have arrived; check, then "
                                           "`relance alerts confirm ID` or `relance alerts retry ID`");
        if (auto st = alerts_.set_notice_state(unsure, ReminderState::Uncertain, why); !st) return st;
        summary.uncertain += static_cast<std::int64_t>(unsure.size());
    }
    return ok();
}

Result<AlertSummary> AlertPass::run(const AlertContext& ctx) {
    AlertSummary summary;
    summary.evaluated = true;

    // 1. The rules: on today's plan, and on the passes recorded (the one under way included).
    auto passes = alerts_.passes(50);
    if (!passes) return unexpected(std::move(passes).error().with_context("alerts"));
    for (PassRecord& p : *passes) {
        if (p.id == ctx.run_id && !ctx.pass_problem.empty()) p.problem = ctx.pass_problem;
    }
    auto firsts = alerts_.only_invoices();
    if (!firsts) return unexpected(std::move(firsts).error().with_context("alerts"));
    std::vector<AlertCandidate> candidates = evaluate_invoices(ctx.items, ctx.decisions, *firsts, rules_);
    for (AlertCandidate& c : evaluate_passes(*passes, ctx.now, ctx.run_id, rules_)) {
        candidates.push_back(std::move(c));
    }
    auto last = alerts_.latest_alerts();
    if (!last) return unexpected(std::move(last).error().with_context("alerts"));
    std::vector<AlertNotice> raised;
    for (RaisedAlert& r : decide_raises(candidates, *last, ctx.today, rules_)) {
        raised.push_back(AlertNotice{0, std::move(r.alert), r.occurrence, r.why, ctx.today, ctx.run_id});
    }

    // 2. Follow-up tasks: from the plan and from the reminders that need a person.
    auto to_settle = store_.to_settle();
    if (!to_settle) return unexpected(std::move(to_settle).error().with_context("tasks"));
    std::vector<TaskRecord> tasks;
    for (TaskCandidate& t : derive_tasks(ctx.items, ctx.decisions, *to_settle, policy_)) {
        tasks.push_back(TaskRecord{0, std::move(t), ctx.today, ctx.run_id, false, std::nullopt, "", ""});
    }

    if (ctx.dry_run) {
        for (const AlertNotice& n : raised) summary.raised.push_back(line_of(n));
        auto known = alerts_.tasks(true);
        if (!known) return unexpected(std::move(known).error().with_context("tasks"));
        std::set<std::pair<TaskKind, std::string>> exists;
        for (const TaskRecord& k : *known) exists.emplace(k.task.kind, k.task.subject);
        for (const TaskRecord& t : tasks) {
            if (exists.count({t.task.kind, t.task.subject}) == 0) {
                summary.tasks.push_back(TaskLine{0, t.task.kind, t.task.title});
            }
        }
        return summary;
    }

    // 3. Record them, each with its delivery rows, then deliver what is pending.
    if (auto st = recover(ctx, summary); !st) return unexpected(std::move(st).error().with_context("alerts"));
    const std::vector<std::string> alert_names = names_of(alert_channels_);
    const std::vector<std::string> task_names = names_of(task_channels_);
    auto recorded = alerts_.record_alerts(raised, alert_names);
    if (!recorded) return unexpected(std::move(recorded).error().with_context("alerts"));
    for (std::size_t i = 0; i < raised.size(); ++i) {
        if ((*recorded)[i]) summary.raised.push_back(line_of(raised[i]));
    }
    auto created = alerts_.open_tasks(tasks, task_names);
    if (!created) return unexpected(std::move(created).error().with_context("tasks"));
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        if ((*created)[i]) summary.tasks.push_back(TaskLine{tasks[i].id, tasks[i].task.kind, tasks[i].task.title});
    }

    // Earlier failures are planned again, on the channels still configured.
    const std::set<std::int64_t> busy = runs_in_flight(*passes, ctx, rules_);
    auto failed = alerts_.notices_in(ReminderState::Failed);
    if (!failed) return unexpected(std::move(failed).error().with_context("alerts"));
    std::vector<NoticeDelivery> retry;
    for (NoticeDelivery row : *failed) {
        if (busy.count(row.run_id) > 0 || channel(row.channel, row.type) == nullptr) continue;
        row.planned_on = ctx.today;
        row.run_id = ctx.run_id;
        row.detail.clear();
        retry.push_back(std::move(row));
    }
    if (!retry.empty()) {
        if (auto c = alerts_.claim_notices(retry); !c) return unexpected(std::move(c).error().with_context("alerts"));
    }
    auto planned = alerts_.notices_in(ReminderState::Planned);
    if (!planned) return unexpected(std::move(planned).error().with_context("alerts"));
    std::vector<NoticeDelivery> rows;
    for (NoticeDelivery& row : *planned) {
        if (busy.count(row.run_id) == 0 && channel(row.channel, row.type) != nullptr) rows.push_back(std::move(row));
    }
    if (auto st = deliver(ctx, rows, summary); !st) return unexpected(std::move(st).error().with_context("alerts"));
    return summary;
}

// Delivers `rows` channel by channel: alerts one message each, or one digest per channel that
// takes one; tasks one message each. Each message's rows go to "sending" (an attempt) just
// before it is handed to the channel and are settled right after.
Status AlertPass::deliver(const AlertContext& ctx, std::vector<NoticeDelivery>& rows, AlertSummary& summary) {
    // Channel name -> (alert rows, task rows), in the order the channels are configured.
    std::vector<std::string> order;
    std::map<std::string, std::pair<std::vector<const NoticeDelivery*>, std::vector<const NoticeDelivery*>>> by_channel;
    for (const NoticeDelivery& row : rows) {
        auto [it, fresh] = by_channel.try_emplace(row.channel);
        if (fresh) order.push_back(row.channel);
        (row.type == NoticeType::Alert ? it->second.first : it->second.second).push_back(&row);
    }
    for (const std::string& name : order) {
        auto& [alert_rows, task_rows] = by_channel[name];
        // The messages of this channel: each a list of rows and the notice they deliver.
        std::vector<std::pair<std::vector<const NoticeDelivery*>, Notice>> messages;
        NoticeChannel* alert_channel = channel(name, NoticeType::Alert);
        NoticeChannel* task_channel = channel(name, NoticeType::Task);
        const bool digest = digest_ && alert_channel != nullptr && alert_channel->takes_digest() && alert_rows.size() > 1;
        for (const NoticeDelivery* row : alert_rows) {
            auto n = alerts_.alert(row->notice_id);
            if (!n) return unexpected(std::move(n).error());
            if (digest && !messages.empty()) {
                messages.back().first.push_back(row);
                messages.back().second.alerts.push_back(std::move(*n));
                continue;
            }
            Notice notice;
            notice.key = (digest ? "digest-" + to_iso(ctx.today) + "-" : "alert-") + std::to_string(row->notice_id);
            notice.alerts.push_back(std::move(*n));
            messages.emplace_back(std::vector<const NoticeDelivery*>{row}, std::move(notice));
        }
        for (const NoticeDelivery* row : task_rows) {
            auto t = alerts_.task(row->notice_id);
            if (!t) return unexpected(std::move(t).error());
            Notice notice;
            notice.key = "task-" + std::to_string(row->notice_id);
            notice.task = std::move(*t);
            messages.emplace_back(std::vector<const NoticeDelivery*>{row}, std::move(notice));
        }

        int down_in_a_row = 0;
        for (auto& [message_rows, notice] : messages) {
            std::vector<std::int64_t> ids;
            for (const NoticeDelivery* r : message_rows) ids.push_back(r->id);
            NoticeChannel* c = notice.task ? task_channel : alert_channel;
            const auto count = static_cast<std::int64_t>(ids.size());
            const auto settle = [&](ReminderState state, const std::string& detail) {
                return alerts_.set_notice_state(ids, state, std::vector<std::string>(ids.size(), detail));
            };
            if (down_in_a_row >= kMaxDownInARow) {
                if (auto st = settle(ReminderState::Failed, "not attempted: " + name + " was unavailable"); !st) return st;
                summary.failed += count;
                continue;
            }
            if (notice.key.rfind("digest-", 0) == 0) notice.key += "-" + std::to_string(notice.alerts.back().id);
            notice.date = ctx.today;
            notice.now = ctx.now;
            if (auto st = alerts_.set_notice_state(ids, ReminderState::Sending, {}); !st) return st;
            auto receipt = c->deliver(notice);
            if (receipt) {
                down_in_a_row = 0;
                if (auto st = settle(ReminderState::Sent, receipt->detail); !st) return st;
                summary.delivered += count;
                continue;
            }
            const Error& e = receipt.error();
            summary.errors.push_back(name + ": " + e.describe());
            if (e.code == ErrorCode::Rejected || e.code == ErrorCode::InvalidInput) {
                down_in_a_row = 0;
                if (auto st = settle(ReminderState::Rejected, e.describe()); !st) return st;
                summary.rejected += count;
            } else if (e.code == ErrorCode::Uncertain) {
                down_in_a_row = 0;
                if (auto st = settle(ReminderState::Uncertain, e.describe()); !st) return st;
                summary.uncertain += count;
            } else {
                ++down_in_a_row;
                if (auto st = settle(ReminderState::Failed, e.describe()); !st) return st;
                summary.failed += count;
            }
        }
    }
    return ok();
}

}  // namespace relance
