// SPDX-License-Identifier: MIT
#include "app/web/api.h"

#include <nlohmann/json.hpp>

#include <chrono>

namespace relance::web {
namespace {

using nlohmann::json;

json amount(std::int64_t minor, std::string_view currency) {
    return json{{"amount", decimal_text(minor, currency)}, {"amount_minor", minor}, {"currency", currency}};
}

json money(const Money& m) { return amount(m.minor(), m.currency().code()); }

json currency_amounts(const std::vector<CurrencyAmount>& v) {
    json out = json::array();
    for (const auto& c : v) {
        json j = amount(c.amount_minor, c.currency);
        j["count"] = c.count;
        out.push_back(std::move(j));
    }
    return out;
}

json optional_date(const std::optional<Date>& d) { return d ? json(to_iso(*d)) : json(nullptr); }

json run_json(const RunRecord& r) {
    const RunFigures f = run_figures(r);
    return json{{"id", r.id},
                {"date", to_iso(r.run_date)},
                {"started_at", iso_instant(r.started_at)},
                {"finished_at", r.finished_at.time_since_epoch().count() == 0 ? json(nullptr)
                                                                              : json(iso_instant(r.finished_at))},
                {"status", r.status},
                {"messages_sent", f.messages_sent},
                {"reminders_sent", f.reminders_sent},
                {"failed", f.failed},
                {"rejected", f.refused},
                {"uncertain", f.uncertain},
                {"open_invoices", f.open_invoices}};
}

/// Prometheus label values escape \ " and newlines.
std::string label(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        out += c == '\n' ? 'n' : c;
    }
    return out;
}

}  // namespace

std::string decimal_text(std::int64_t minor, std::string_view currency) {
    auto c = Currency::from_code(currency);
    if (!c) return "";
    return Money{minor, *c}.to_plain_string();
}

RunFigures run_figures(const RunRecord& run) {
    RunFigures f;
    const json j = json::parse(run.summary_json, nullptr, false);
    if (!j.is_object()) return f;
    const auto get = [&](const char* key) -> std::int64_t {
        auto it = j.find(key);
        return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
    };
    f.messages_sent = get("messages_sent");
    f.failed = get("failed");
    f.refused = get("refused");
    f.uncertain = get("uncertain");
    f.open_invoices = get("open_invoices");
    if (auto sent = j.find("sent"); sent != j.end() && sent->is_object()) {
        for (const auto& [level, tally] : sent->items()) {
            if (tally.is_object() && tally.contains("count") && tally["count"].is_number_integer()) {
                f.reminders_sent += tally["count"].get<std::int64_t>();
            }
        }
    }
    return f;
}

std::string overview_json(const Overview& o, const std::vector<RunRecord>& last_run) {
    json j;
    j["today"] = to_iso(o.today);
    j["unpaid"] = currency_amounts(o.unpaid);
    j["overdue"] = currency_amounts(o.overdue);
    j["not_due"] = currency_amounts(o.not_due);
    j["overdue_by_level"] = json::array();
    for (const auto& l : o.overdue_by_level) {
        json e = amount(l.amount_minor, l.currency);
        e["level"] = l.level;
        e["count"] = l.count;
        j["overdue_by_level"].push_back(std::move(e));
    }
    j["ageing"] = json::array();
    for (const auto& b : o.ageing) {
        json e = amount(b.amount_minor, b.currency);
        e["from_days"] = b.from_days;
        e["to_days"] = b.to_days < 0 ? json(nullptr) : json(b.to_days);
        e["count"] = b.count;
        j["ageing"].push_back(std::move(e));
    }
    j["levels"] = json::array();
    for (const auto& l : o.outcomes) {
        j["levels"].push_back(json{{"level", l.level},
                                   {"reached", l.reached},
                                   {"paid", l.paid},
                                   {"moved_on", l.moved_on},
                                   {"open", l.open},
                                   {"closed_otherwise", l.closed_otherwise},
                                   {"paid_rate_bps", l.paid_rate_bps()},
                                   {"days_to_pay_total", l.days_to_pay_total}});
    }
    j["dso"] = json::array();
    for (const auto& d : o.dso) {
        j["dso"].push_back(json{{"currency", d.currency},
                                {"days", d.days ? json(*d.days) : json(nullptr)},
                                {"window_days", kDsoDays},
                                {"receivable", decimal_text(d.receivable_minor, d.currency)},
                                {"sales", decimal_text(d.sales_minor, d.currency)}});
    }
    j["reminders"] = json::array();
    for (const auto& r : o.reminders) {
        j["reminders"].push_back(json{{"level", r.level}, {"state", r.state}, {"count", r.count}});
    }
    j["last_run"] = last_run.empty() ? json(nullptr) : run_json(last_run.front());
    return j.dump();
}

std::string trend_json(const std::vector<DaySnapshot>& days) {
    json out = json::array();
    for (const auto& d : days) {
        json e = amount(d.amount_minor, d.currency);
        e["day"] = to_iso(d.day);
        e["level"] = d.level;
        e["count"] = d.count;
        out.push_back(std::move(e));
    }
    return json{{"days", out}}.dump();
}

std::string runs_json(const std::vector<RunRecord>& runs) {
    json out = json::array();
    for (const auto& r : runs) out.push_back(run_json(r));
    return json{{"runs", out}}.dump();
}

std::string overdue_json(const OverdueList& list) {
    json rows = json::array();
    for (const auto& r : list.rows) {
        rows.push_back(json{{"source", r.source},
                            {"invoice", r.number},
                            {"customer_id", r.customer_id},
                            {"customer", r.customer_name},
                            {"due_date", optional_date(r.due_date)},
                            {"days_late", r.days_late},
                            {"level", r.level},
                            {"last_contact", optional_date(r.last_contact)},
                            {"total", money(r.total)},
                            {"amount_due", money(r.amount_due)},
                            {"status", to_string(r.status)},
                            {"held", r.held},
                            {"held_because", r.held_because}});
    }
    return json{{"total", list.total}, {"invoices", rows}}.dump();
}

std::string timeline_json(const InvoiceTimeline& t, const std::vector<ReminderRow>& reminders) {
    const Invoice& i = t.invoice;
    json j{{"source", i.source},
           {"invoice", i.number},
           {"customer_id", i.customer_id},
           {"customer", t.customer_name},
           {"issue_date", optional_date(i.issue_date)},
           {"due_date", optional_date(i.due_date)},
           {"status", to_string(i.status)},
           {"total", money(i.total)},
           {"paid", money(i.paid)},
           {"credited", money(i.credited)},
           {"amount_due", money(i.amount_due())},
           {"first_seen_on", to_iso(t.first_seen_on)},
           {"resolved_on", optional_date(t.resolved_on)},
           {"resolution", t.resolution},
           {"level", t.level}};
    j["reminders"] = json::array();
    for (const auto& r : reminders) {
        j["reminders"].push_back(json{{"id", r.id},
                                      {"level", r.level},
                                      {"channel", r.channel},
                                      {"state", to_string(r.state)},
                                      {"planned_on", to_iso(r.planned_on)},
                                      {"recipient", r.recipient},
                                      {"subject", r.subject},
                                      {"amount_due", money(r.amount_due)}});
    }
    j["holds"] = json::array();
    for (const auto& h : t.holds) {
        j["holds"].push_back(json{{"scope", h.scope == HoldScope::Customer ? "customer" : "invoice"},
                                  {"key", h.key},
                                  {"reason", h.reason},
                                  {"since", optional_date(h.since)},
                                  {"until", optional_date(h.until)}});
    }
    j["audit"] = json::parse(audit_json(t.audit))["audit"];
    return j.dump();
}

std::string audit_json(const std::vector<AuditEntry>& log) {
    json out = json::array();
    for (const auto& e : log) {
        out.push_back(json{{"id", e.id}, {"at", iso_instant(e.at)}, {"actor", e.actor},
                           {"action", e.action}, {"detail", e.detail}});
    }
    return json{{"audit", out}}.dump();
}

std::string preview_json(Date day, const PassSummary& summary) {
    json lines = json::array();
    for (const PlanLine& l : summary.actions) {
        lines.push_back(json{{"source", l.source},
                             {"invoice", l.invoice_number},
                             {"customer", l.customer},
                             {"level", l.level},
                             {"days_late", l.days_late},
                             {"amount_due", money(l.amount_due)},
                             {"reason", l.reason}});
    }
    return json{{"date", to_iso(day)}, {"reminders", lines},
                {"source_errors", summary.source_errors}}.dump();
}

std::map<std::string, std::string> json_fields(std::string_view body) {
    std::map<std::string, std::string> out;
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object()) return out;
    for (const auto& [k, v] : j.items()) {
        if (v.is_string()) {
            out[k] = v.get<std::string>();
        } else if (v.is_number_integer() || v.is_boolean()) {
            out[k] = v.dump();
        }
    }
    return out;
}

std::string error_json(std::string_view code, std::string_view message) {
    return json{{"error", message}, {"code", code}}.dump();
}

std::string ok_json(const std::vector<std::pair<std::string, std::string>>& fields) {
    json j{{"ok", true}};
    for (const auto& [k, v] : fields) j[k] = v;
    return j.dump();
}

std::string metrics_text(const Overview& o, const std::vector<RunRecord>& last_run) {
    std::string m;
    const auto head = [&](const char* name, const char* help) {
        m += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n";
    };
    head("relance_overdue_amount",
         "Amount still owed on overdue invoices, by highest reminder level (0 = none yet), in the currency's unit.");
    for (const auto& l : o.overdue_by_level) {
        m += "relance_overdue_amount{level=\"" + std::to_string(l.level) + "\",currency=\"" +
             label(l.currency) + "\"} " + decimal_text(l.amount_minor, l.currency) + "\n";
    }
    head("relance_overdue_invoices", "Overdue invoices, by highest reminder level (0 = none yet).");
    for (const auto& l : o.overdue_by_level) {
        m += "relance_overdue_invoices{level=\"" + std::to_string(l.level) + "\",currency=\"" +
             label(l.currency) + "\"} " + std::to_string(l.count) + "\n";
    }
    head("relance_unpaid_amount", "Amount still owed on open invoices, due or not.");
    for (const auto& c : o.unpaid) {
        m += "relance_unpaid_amount{currency=\"" + label(c.currency) + "\"} " +
             decimal_text(c.amount_minor, c.currency) + "\n";
    }
    head("relance_reminders", "Reminders recorded, by level and state (sent, failed, rejected, uncertain ...).");
    for (const auto& r : o.reminders) {
        m += "relance_reminders{level=\"" + std::to_string(r.level) + "\",state=\"" + label(r.state) +
             "\"} " + std::to_string(r.count) + "\n";
    }
    if (!last_run.empty()) {
        const RunRecord& r = last_run.front();
        const RunFigures f = run_figures(r);
        head("relance_last_pass_start_timestamp_seconds", "When the last daily pass started (Unix time).");
        m += "relance_last_pass_start_timestamp_seconds " + std::to_string(r.started_at.time_since_epoch().count()) + "\n";
        head("relance_last_pass_end_timestamp_seconds", "When the last daily pass finished (0 while it runs).");
        m += "relance_last_pass_end_timestamp_seconds " + std::to_string(r.finished_at.time_since_epoch().count()) + "\n";
        head("relance_last_pass_status", "1 for the status of the last daily pass (ok, partial, running, failed).");
        for (const char* s : {"ok", "partial", "running", "failed"}) {
            m += std::string("relance_last_pass_status{status=\"") + s + "\"} " + (r.status == s ? "1" : "0") + "\n";
        }
        head("relance_last_pass_messages", "Messages of the last daily pass, by outcome.");
        m += "relance_last_pass_messages{outcome=\"sent\"} " + std::to_string(f.messages_sent) + "\n";
        m += "relance_last_pass_messages{outcome=\"failed\"} " + std::to_string(f.failed) + "\n";
        m += "relance_last_pass_messages{outcome=\"rejected\"} " + std::to_string(f.refused) + "\n";
        m += "relance_last_pass_messages{outcome=\"uncertain\"} " + std::to_string(f.uncertain) + "\n";
    }
    return m;
}

}  // namespace relance::web
