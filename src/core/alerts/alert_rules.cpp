// SPDX-License-Identifier: MIT
#include "core/alerts/alert_rules.h"

#include <algorithm>
#include <array>
#include <map>

namespace relance {
namespace {

using std::chrono::sys_seconds;

constexpr std::array kAmountFields = {std::string_view{"amount_due"}, std::string_view{"total"},
                                      std::string_view{"paid"}};
constexpr std::array kNumberFields = {std::string_view{"days_late"}, std::string_view{"level"}};
constexpr std::array kTextFields = {
    std::string_view{"invoice_number"}, std::string_view{"customer_id"},
    std::string_view{"customer_name"},  std::string_view{"customer_type"},
    std::string_view{"language"},       std::string_view{"status"},
    std::string_view{"currency"},       std::string_view{"source"},
    std::string_view{"tags"},           std::string_view{"email"}};
constexpr std::array kOperators = {std::string_view{">="}, std::string_view{"<="},
                                   std::string_view{"!="}, std::string_view{"=="},
                                   std::string_view{"="},  std::string_view{"<"},
                                   std::string_view{">"}};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

bool has_any_tag(const Customer* c, const std::vector<std::string>& tags) {
    if (c == nullptr) return false;
    return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) { return c->has_tag(t); });
}

std::string money_text(const Money& m) {
    return m.to_plain_string() + " " + std::string(m.currency().code());
}

std::string days_text(int n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

/// "2026-11-26 08:00 UTC".
std::string instant_text(sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
    const auto two = [](long long n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    return to_iso(Date{day}) + " " + two(minutes / 60) + ":" + two(minutes % 60) + " UTC";
}

// The value of `field` on one invoice, as a number (amounts in minor units) or a text.
struct FieldValue {
    bool known = true;  // false: an amount in another currency than the rule's
    bool numeric = false;
    std::int64_t number = 0;
    std::string text;
};

FieldValue field_value(std::string_view field, const PlanItem& item, const Decision& d,
                       Currency currency) {
    const Invoice& inv = *item.invoice;
    const Customer* c = item.customer;
    FieldValue v;
    const auto amount = [&](const Money& m) {
        v.numeric = true;
        v.known = m.currency() == currency || m.is_zero();
        v.number = m.minor();
    };
    if (field == "amount_due") {
        amount(d.amount_due);
    } else if (field == "total") {
        amount(inv.total);
    } else if (field == "paid") {
        amount(Money{inv.paid.minor() + inv.credited.minor(), inv.total.currency()});
    } else if (field == "days_late") {
        v.numeric = true;
        v.number = d.days_late;
    } else if (field == "level") {
        v.numeric = true;
        v.number = d.level;
    } else if (field == "invoice_number") {
        v.text = inv.number;
    } else if (field == "customer_id") {
        v.text = inv.customer_id;
    } else if (field == "customer_name") {
        v.text = c != nullptr ? c->name : "";
    } else if (field == "customer_type") {
        v.text = c != nullptr && c->type == CustomerType::B2C ? "b2c" : "b2b";
    } else if (field == "language") {
        v.text = c != nullptr ? c->language : "";
    } else if (field == "status") {
        v.text = std::string(to_string(inv.status));
    } else if (field == "currency") {
        v.text = std::string(inv.total.currency().code());
    } else if (field == "source") {
        v.text = inv.source;
    } else if (field == "email" && c != nullptr) {
        for (const auto& e : c->emails) v.text += (v.text.empty() ? "" : ", ") + e;
    }
    return v;
}

// a <op> b for one of = != < <= > >= (parse_condition writes "==" as "=").
template <class T>
bool compare(const T& a, const T& b, std::string_view op) {
    if (op == "=") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    return op == ">=" && a >= b;
}

bool condition_holds(const FieldCondition& cond, const PlanItem& item, const Decision& d, Currency currency) {
    if (cond.field == "tags") {
        const bool has = item.customer != nullptr && item.customer->has_tag(cond.value);
        return cond.op == "!=" ? !has : has;  // "=" and "contains": the customer has the tag
    }
    const FieldValue v = field_value(cond.field, item, d, currency);
    if (!v.known) return false;
    if (v.numeric) return compare(v.number, cond.number, cond.op);
    const std::string a = lowered(v.text);
    const std::string b = lowered(cond.value);
    if (cond.op == "contains") return a.find(b) != std::string::npos;
    return compare(a, b, cond.op);
}

std::string condition_text(const FieldCondition& c) { return c.field + " " + c.op + " " + c.value; }

AlertCandidate invoice_candidate(const PlanItem& item, const Decision& d) {
    const Invoice& inv = *item.invoice;
    AlertCandidate a;
    a.subject = "invoice:" + inv.source + "/" + inv.number;
    a.level = d.level;
    a.amount = d.amount_due;
    a.source = inv.source;
    a.invoice_number = inv.number;
    a.customer_id = inv.customer_id;
    a.customer_name = item.customer != nullptr ? item.customer->name : inv.customer_id;
    a.due_date = inv.due_date;
    a.days_late = d.days_late;
    a.total = inv.total;
    a.payment_link = inv.payment_link;
    return a;
}

std::string invoice_facts(const AlertCandidate& a) {
    return a.invoice_number + " (" + a.customer_name + "): " + money_text(a.amount) + " due, " +
           days_text(a.days_late) + " late" +
           (a.level > 0 ? ", level " + std::to_string(a.level) : ", no reminder yet");
}

}  // namespace

Result<FieldCondition> parse_condition(std::string_view text, Currency currency) {
    const std::string_view all = trim(text);
    std::size_t i = 0;
    while (i < all.size() && ((all[i] >= 'a' && all[i] <= 'z') || all[i] == '_')) ++i;
    FieldCondition c;
    c.field = std::string(all.substr(0, i));
    std::string_view rest = trim(all.substr(i));
    if (rest.rfind("contains", 0) == 0) {
        c.op = "contains";
    } else {
        for (std::string_view op : kOperators) {
            if (rest.rfind(op, 0) == 0) {
                c.op = std::string(op);
                break;
            }
        }
    }
    const std::string usage = "'" + std::string(all) +
                              "': expected \"field operator value\", e.g. \"amount_due >= 2000\" "
                              "(operators = != < <= > >= contains)";
    if (c.field.empty() || c.op.empty()) return fail(ErrorCode::InvalidInput, usage);
    rest = trim(rest.substr(c.op.size()));
    if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
    c.value = std::string(rest);
    if (c.op == "==") c.op = "=";

    const bool amount = one_of(kAmountFields, c.field);
    const bool number = one_of(kNumberFields, c.field);
    if (!amount && !number && !one_of(kTextFields, c.field)) {
        return fail(ErrorCode::InvalidInput,
                    "'" + std::string(all) + "': unknown field '" + c.field +
                        "' (expected amount_due, total, paid, days_late, level, invoice_number, "
                        "customer_id, customer_name, customer_type, language, status, currency, "
                        "source, tags or email)");
    }
    if ((amount || number) && c.op == "contains") {
        return fail(ErrorCode::InvalidInput, "'" + std::string(all) + "': 'contains' is for texts");
    }
    if (amount) {
        const auto comma = c.value.rfind(',');
        const auto point = c.value.rfind('.');
        const bool decimal_comma = comma != std::string::npos && (point == std::string::npos || comma > point);
        auto m = parse_money(c.value, currency, decimal_comma ? DecimalMark::Comma : DecimalMark::Point);
        if (!m) {
            return fail(ErrorCode::InvalidInput, "'" + std::string(all) + "': " + m.error().message);
        }
        c.number = m->minor();
    } else if (number) {
        if (c.value.empty() || c.value.size() > 9 ||
            c.value.find_first_not_of("0123456789") != std::string::npos) {
            return fail(ErrorCode::InvalidInput,
                        "'" + std::string(all) + "': expected a whole number after '" + c.op + "'");
        }
        c.number = std::stoll(c.value);
    }
    return c;
}

std::vector<std::string> validate(const AlertRules& rules) {
    std::vector<std::string> problems;
    if (rules.level < 0) problems.emplace_back("alerts.level: must be 0 (off) or a level number");
    if (rules.amount_threshold && rules.amount_threshold->is_negative()) {
        problems.emplace_back("alerts.amount_threshold: must not be negative");
    }
    if (rules.missed_run_hours < 0) problems.emplace_back("alerts.missed_run_hours: must be 0 (off) or more");
    if (rules.stuck_run_hours < 1) problems.emplace_back("alerts.stuck_run_hours: must be 1 or more");
    if (rules.remind_after_days < 0) problems.emplace_back("alerts.remind_after_days: must be 0 (never) or more");
    std::set<std::string> names;
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
        const FieldRule& r = rules.rules[i];
        const std::string where = "alerts.rules[" + std::to_string(i) + "]";
        if (r.name.empty()) problems.push_back(where + ".name: missing (it names the alert)");
        if (!r.name.empty() && !names.insert(r.name).second) {
            problems.push_back(where + ".name: '" + r.name + "' is used by two rules");
        }
        if (r.when.empty() && r.include_tags.empty()) {
            problems.push_back(where + ": give at least one condition (when) or include_tags");
        }
    }
    return problems;
}

std::string_view to_string(RaiseReason r) {
    switch (r) {
        case RaiseReason::New: return "new";
        case RaiseReason::Worse: return "worse";
        case RaiseReason::Reminder: return "reminder";
    }
    return "new";
}

std::string invoice_key(std::string_view source, std::string_view number) {
    std::string k(source);
    k.push_back('\x1f');
    k.append(number);
    return k;
}

std::vector<AlertCandidate> evaluate_invoices(std::span<const PlanItem> items,
                                              std::span<const Decision> decisions,
                                              const InvoiceKeySet& first_invoices,
                                              const AlertRules& rules) {
    std::vector<AlertCandidate> out;
    if (!rules.enabled) return out;
    for (std::size_t i = 0; i < items.size() && i < decisions.size(); ++i) {
        const PlanItem& item = items[i];
        const Decision& d = decisions[i];
        const Invoice& inv = *item.invoice;
        // Only what is overdue today, on data confirmed today.
        if (d.outcome == Outcome::Settled || d.outcome == Outcome::Stale || !inv.due_date ||
            d.days_late <= 0 || !d.amount_due.is_positive()) {
            continue;
        }
        const Customer* c = item.customer;
        const bool defaults_apply = d.outcome != Outcome::Held && !has_any_tag(c, rules.exclude_tags);
        if (defaults_apply && rules.amount_threshold &&
            d.amount_due.currency() == rules.amount_threshold->currency() &&
            d.amount_due.minor() > rules.amount_threshold->minor()) {
            AlertCandidate a = invoice_candidate(item, d);
            a.kind = "amount";
            a.escalates_on_level = false;
            a.title = "Overdue amount above " + money_text(*rules.amount_threshold);
            a.reason = invoice_facts(a) + "; above the " + money_text(*rules.amount_threshold) +
                       " threshold";
            out.push_back(std::move(a));
        }
        if (defaults_apply && rules.level > 0 && d.level >= rules.level) {
            AlertCandidate a = invoice_candidate(item, d);
            a.kind = "level";
            a.title = "Level " + std::to_string(d.level) + " reached";
            a.reason = invoice_facts(a) + "; level " + std::to_string(rules.level) +
                       " or more reached: decide what comes next";
            out.push_back(std::move(a));
        }
        if (defaults_apply && c != nullptr) {
            for (const std::string& tag : rules.vip_tags) {
                if (!c->has_tag(tag)) continue;
                AlertCandidate a = invoice_candidate(item, d);
                a.kind = "vip";
                a.title = "VIP customer overdue";
                a.reason = invoice_facts(a) + "; the customer is tagged '" + tag + "'";
                out.push_back(std::move(a));
                break;
            }
        }
        if (defaults_apply && rules.first_invoice &&
            first_invoices.count(invoice_key(inv.source, inv.number)) > 0) {
            AlertCandidate a = invoice_candidate(item, d);
            a.kind = "first_invoice";
            a.escalates_on_level = false;
            a.title = "First invoice of a new customer overdue";
            a.reason = invoice_facts(a) + "; the first and only invoice known for this customer";
            out.push_back(std::move(a));
        }
        for (const FieldRule& r : rules.rules) {
            if (!r.include_tags.empty() && !has_any_tag(c, r.include_tags)) continue;
            if (has_any_tag(c, r.exclude_tags)) continue;
            const bool all = std::all_of(r.when.begin(), r.when.end(), [&](const FieldCondition& cond) {
                return condition_holds(cond, item, d, r.currency);
            });
            if (!all) continue;
            AlertCandidate a = invoice_candidate(item, d);
            a.kind = "rule:" + r.name;
            a.escalates_on_level = false;
            a.title = r.name;
            std::string why;
            for (const auto& cond : r.when) why += (why.empty() ? "" : ", ") + condition_text(cond);
            if (!r.include_tags.empty()) {
                std::string tags;
                for (const auto& t : r.include_tags) tags += (tags.empty() ? "" : " or ") + t;
                why += (why.empty() ? "" : ", ") + std::string("tagged ") + tags;
            }
            a.reason = invoice_facts(a) + "; matches rule '" + r.name + "' (" + why + ")";
            out.push_back(std::move(a));
        }
    }
    return out;
}

std::vector<AlertCandidate> evaluate_passes(std::span<const PassRecord> passes, sys_seconds now,
                                            std::int64_t current_run, const AlertRules& rules) {
    std::vector<AlertCandidate> out;
    if (!rules.enabled || passes.empty()) return out;
    const PassRecord* last_finished = nullptr;
    for (const PassRecord& p : passes) {
        if (p.id == current_run || !p.finished_at) continue;
        if (last_finished == nullptr || *p.finished_at > *last_finished->finished_at) last_finished = &p;
    }
    if (rules.missed_run_hours > 0) {
        const std::chrono::hours limit{rules.missed_run_hours};
        if (last_finished == nullptr) {
            // Passes started but none ever finished: measured from the first start.
            const PassRecord* first = nullptr;
            for (const PassRecord& p : passes) {
                if (p.id != current_run && (first == nullptr || p.started_at < first->started_at)) first = &p;
            }
            const auto hours = first == nullptr ? std::chrono::hours{0}
                                                : std::chrono::duration_cast<std::chrono::hours>(now - first->started_at);
            if (first != nullptr && hours >= limit) {
                AlertCandidate a;
                a.kind = "pass_missed";
                a.subject = "pass:never-finished";
                a.title = "The daily pass did not run";
                a.level = static_cast<int>(hours.count() / 24);
                a.reason = "no daily pass has ever finished; the first one started " +
                           instant_text(first->started_at) + ", " + std::to_string(hours.count()) +
                           " hours ago";
                out.push_back(std::move(a));
            }
        } else {
            const auto hours = std::chrono::duration_cast<std::chrono::hours>(now - *last_finished->finished_at);
            if (hours >= limit) {
                AlertCandidate a;
                a.kind = "pass_missed";
                a.subject = "pass:after-run-" + std::to_string(last_finished->id);
                a.title = "The daily pass did not run";
                a.level = static_cast<int>(hours.count() / 24);
                a.reason = "no daily pass finished for " + std::to_string(hours.count()) +
                           " hours: the last one was run #" + std::to_string(last_finished->id) +
                           " of " + to_iso(last_finished->run_date) + ", finished " +
                           instant_text(*last_finished->finished_at) + " (limit " +
                           std::to_string(rules.missed_run_hours) + " hours)";
                out.push_back(std::move(a));
            }
        }
    }
    if (rules.failed_run) {
        for (const PassRecord& p : passes) {
            // A pass is judged in the week after it started: a failure of long ago is history.
            // The pass under way is judged only on the problem it reports about itself.
            if ((p.id == current_run && p.problem.empty()) || now - p.started_at > std::chrono::hours{24 * 7}) continue;
            AlertCandidate a;
            a.kind = "pass_failed";
            a.subject = "pass:run-" + std::to_string(p.id);
            a.title = "The daily pass failed";
            a.level = 1;
            a.remindable = false;  // a past run does not get worse: one alert is enough
            const std::string which = "run #" + std::to_string(p.id) + " of " + to_iso(p.run_date);
            if (!p.finished_at && p.id != current_run &&
                now - p.started_at >= std::chrono::hours{rules.stuck_run_hours}) {
                a.reason = which + " started " + instant_text(p.started_at) +
                           " and never finished (crashed, killed, or the store became unusable)";
            } else if (!p.problem.empty()) {
                a.reason = which + ": " + p.problem;
            } else {
                continue;
            }
            out.push_back(std::move(a));
        }
    }
    return out;
}

std::vector<RaisedAlert> decide_raises(std::span<const AlertCandidate> candidates,
                                       std::span<const AlertRecord> last, Date today,
                                       const AlertRules& rules) {
    std::map<std::string, const AlertRecord*> latest;
    for (const AlertRecord& r : last) {
        const AlertRecord*& slot = latest[invoice_key(r.kind, r.subject)];
        if (slot == nullptr || r.occurrence > slot->occurrence) slot = &r;
    }
    std::set<std::string> seen;
    std::vector<RaisedAlert> out;
    for (const AlertCandidate& c : candidates) {
        const std::string key = invoice_key(c.kind, c.subject);
        if (!seen.insert(key).second) continue;  // one alert per (kind, subject) per evaluation
        const auto it = latest.find(key);
        if (it == latest.end()) {
            out.push_back(RaisedAlert{c, 1, RaiseReason::New});
            continue;
        }
        const AlertRecord& r = *it->second;
        const bool higher_amount = c.amount.currency() == r.amount.currency() && c.amount.minor() > r.amount.minor();
        if ((c.escalates_on_level && c.level > r.level) || higher_amount) {
            out.push_back(RaisedAlert{c, r.occurrence + 1, RaiseReason::Worse});
        } else if (c.remindable && rules.remind_after_days > 0 && days_between(r.raised_on, today) >= rules.remind_after_days) {
            out.push_back(RaisedAlert{c, r.occurrence + 1, RaiseReason::Reminder});
        }
    }
    return out;
}

}  // namespace relance
