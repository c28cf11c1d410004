// SPDX-License-Identifier: MIT
#include "engine/daily_pass.h"

#include "engine/sync.h"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace relance {
namespace {

constexpr std::size_t kBatch = 500;  // messages per outbox transaction
constexpr int kMaxDownInARow = 3;    // unavailable deliveries in a row before the run stops sending
constexpr int kMaxFetchFailuresInARow = 3;  // failed re-reads of one source before it is left alone

std::string key2(std::string_view a, std::string_view b) {
    std::string k;
    k.reserve(a.size() + b.size() + 1);
    k.append(a).push_back('\x1f');
    k.append(b);
    return k;
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

// Keeps letters, digits and . - _ ; anything else becomes '_'. Used in Message-IDs and file names.
std::string safe_token(std::string_view s, std::size_t max = 64) {
    std::string out;
    for (char c : s) {
        if (out.size() >= max) break;
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '-' || c == '_';
        out += ok ? c : '_';
    }
    return out.empty() ? "x" : out;
}

// safe_token, then runs of dots collapsed and dots trimmed at both ends: an RFC 5322 dot-atom
// (what a Message-ID part must be). Unchanged for a token that already is one.
std::string dot_atom_token(std::string_view s, std::size_t max) {
    std::string out;
    for (char c : safe_token(s, max)) {
        if (c == '.' && (out.empty() || out.back() == '.')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == '.') out.pop_back();
    return out.empty() ? "x" : out;
}

// Outbox file stem `<source>_<key><suffix>`, readable; when making the source or the key safe
// changed either, "~" and a hash of the raw parts is appended to the key, so that keys told apart
// only by what was replaced ("F/1", "F_1", "F 1") never share a file. A safe token has no "~".
std::string file_stem(std::string_view source, std::string_view key, const std::string& suffix) {
    const std::string s = safe_token(source, 32);
    std::string k = safe_token(key);
    if (s != source || k != key) {
        std::uint64_t h = fnv1a(source);
        h = fnv1a("\x1f", h);
        h = fnv1a(key, h);
        h = fnv1a("\x1f" + suffix, h);
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08llx", static_cast<unsigned long long>(h >> 32));
        k += "~";
        k += hex;
    }
    return s + "_" + k + suffix;
}

std::string json_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string domain_of(std::string_view email) {
    const auto at = email.rfind('@');
    return at == std::string_view::npos ? "relance.invalid" : std::string(email.substr(at + 1));
}

}  // namespace

std::string reminder_message_id(std::string_view source, std::string_view invoice, int level,
                                std::string_view channel, std::string_view domain) {
    std::uint64_t h = fnv1a(source);
    h = fnv1a("\x1f", h);
    h = fnv1a(invoice, h);
    h = fnv1a("\x1f" + std::to_string(level) + "\x1f", h);
    h = fnv1a(channel, h);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return "<relance." + std::string(hex) + "." + dot_atom_token(invoice, 40) + ".l" +
           std::to_string(level) + "@" + dot_atom_token(domain, 120) + ">";
}

int PassSummary::exit_code() const { return status() == "ok" ? 0 : 2; }

std::string PassSummary::status() const {
    const bool clean = source_errors.empty() && rejected.empty() && failed == 0 && refused == 0 &&
                       uncertain == 0 && not_attempted == 0 && !alerts.needs_a_look();
    return clean ? "ok" : "partial";
}

std::string PassSummary::to_json(bool lines) const {
    std::string j = "{\"run_id\":" + std::to_string(run_id) + ",\"date\":\"" + to_iso(today) +
                    "\",\"status\":\"" + status() + "\",\"dry_run\":" + (dry_run ? "true" : "false") +
                    ",\"messages_sent\":" + std::to_string(messages_sent) +
                    ",\"already_recorded\":" + std::to_string(already_recorded) +
                    ",\"failed\":" + std::to_string(failed) +
                    ",\"uncertain\":" + std::to_string(uncertain) +
                    ",\"retried\":" + std::to_string(retried) +
                    ",\"refused\":" + std::to_string(refused) +
                    ",\"not_attempted\":" + std::to_string(not_attempted) +
                    ",\"rejected_rows\":" + std::to_string(rejected.size()) +
                    ",\"open_invoices\":" + std::to_string(open_invoices) +
                    ",\"letters_written\":" + std::to_string(letters.written.size()) +
                    ",\"letters_to_post\":" + std::to_string(letters.to_post) +
                    ",\"handed_to_collection\":" + std::to_string(letters.handed_to_collection) +
                    ",\"sent\":{";
    bool first = true;
    for (const auto& [level, tally] : sent) {
        j += (first ? "\"" : ",\"") + std::to_string(level) + "\":{\"count\":" +
             std::to_string(tally.count) + ",\"amount_minor\":{";
        bool f2 = true;
        for (const auto& [cur, minor] : tally.amount_minor) {
            j += (f2 ? "\"" : ",\"") + cur + "\":" + std::to_string(minor);
            f2 = false;
        }
        j += "}}";
        first = false;
    }
    j += "},\"delivery\":{";
    first = true;
    for (const auto& [level, d] : delivery) {
        j += (first ? "\"" : ",\"") + std::to_string(level) + "\":{\"retried\":" +
             std::to_string(d.retried) + ",\"failed\":" + std::to_string(d.failed) +
             ",\"rejected\":" + std::to_string(d.rejected) + ",\"uncertain\":" +
             std::to_string(d.uncertain) + "}";
        first = false;
    }
    j += "},\"skipped\":{";
    first = true;
    for (const auto& [outcome, n] : skipped) {
        j += (first ? "\"" : ",\"") + std::string(to_string(outcome)) + "\":" + std::to_string(n);
        first = false;
    }
    j += "},\"source_errors\":{";
    first = true;
    for (const auto& [src, why] : source_errors) {
        j += (first ? "\"" : ",\"") + json_escape(src) + "\":\"" + json_escape(why) + "\"";
        first = false;
    }
    j += "},\"refetched\":{";
    first = true;
    for (const auto& [src, found] : refetched) {
        j += (first ? "\"" : ",\"") + json_escape(src) + "\":{";
        bool f2 = true;
        for (const auto& [what, n] : found) {
            j += (f2 ? "\"" : ",\"") + json_escape(what) + "\":" + std::to_string(n);
            f2 = false;
        }
        j += "}";
        first = false;
    }
    j += "}";
    if (alerts.evaluated) {
        j += ",\"alerts\":{\"delivered\":" + std::to_string(alerts.delivered) +
             ",\"failed\":" + std::to_string(alerts.failed) +
             ",\"rejected\":" + std::to_string(alerts.rejected) +
             ",\"uncertain\":" + std::to_string(alerts.uncertain) + ",\"error\":\"" +
             json_escape(alerts.error) + "\",\"raised_count\":" + std::to_string(alerts.raised.size()) +
             ",\"raised\":[";
        // The first 200: the summary is kept in the runs table (`relance alerts` lists them all).
        for (std::size_t i = 0; i < alerts.raised.size() && i < 200; ++i) {
            const AlertLine& a = alerts.raised[i];
            j += std::string(i ? "," : "") + "{\"kind\":\"" + json_escape(a.kind) + "\",\"subject\":\"" +
                 json_escape(a.subject) + "\",\"why\":\"" + std::string(to_string(a.why)) +
                 "\",\"occurrence\":" + std::to_string(a.occurrence) + ",\"reason\":\"" +
                 json_escape(a.reason) + "\"}";
        }
        j += "],\"tasks\":[";
        for (std::size_t i = 0; i < alerts.tasks.size(); ++i) {
            const TaskLine& t = alerts.tasks[i];
            j += std::string(i ? "," : "") + "{\"id\":" + std::to_string(t.id) + ",\"kind\":\"" +
                 std::string(to_string(t.kind)) + "\",\"title\":\"" + json_escape(t.title) + "\"}";
        }
        j += "]}";
    }
    if (lines) {
        j += ",\"lines\":[";
        first = true;
        for (const auto* group : {&actions, &attention, &others}) {
            for (const PlanLine& l : *group) {
                j += std::string(first ? "" : ",") + "{\"source\":\"" + json_escape(l.source) +
                     "\",\"invoice\":\"" + json_escape(l.invoice_number) + "\",\"customer\":\"" +
                     json_escape(l.customer) + "\",\"outcome\":\"" + std::string(to_string(l.outcome)) +
                     "\",\"level\":" + std::to_string(l.level) +
                     ",\"days_late\":" + std::to_string(l.days_late) + ",\"amount_due\":\"" +
                     l.amount_due.to_plain_string() + "\",\"currency\":\"" +
                     std::string(l.amount_due.currency().code()) + "\",\"reason\":\"" +
                     json_escape(l.reason) + "\"}";
                first = false;
            }
        }
        j += "]";
    }
    return j + "}";
}

// Data listed by an earlier run counts as confirmed while it is younger than its source's
// freshness window (none by default: only today's listing counts), unless today's listing
// rejected its row.
bool DailyPass::within_freshness(const StoredInvoice& si, const std::set<std::string>& rejected_keys,
                                 std::chrono::sys_seconds now) const {
    const auto window = freshness_.find(si.invoice.source);
    if (window == freshness_.end() || window->second <= std::chrono::seconds{0} || !si.last_seen_at) {
        return false;
    }
    if (rejected_keys.count(key2(si.invoice.source, si.invoice.number)) != 0) return false;
    return now - *si.last_seen_at <= window->second;
}

// Before a reminder goes out on data older than its source's freshness window (the source could
// not be listed today and its window, none by default, has passed), the invoice is read again on
// its own (fetch_invoice). The planner says Stale only for an invoice it would send on fresh data,
// so exactly those are read. What the tool says now is recorded (a listing of those invoices,
// not complete: nothing else changes) and planned again: paid, void or deleted now -> resolved,
// nothing sent; a new amount -> the reminder asks for it. One that cannot be read stays Stale with
// the reason. After kMaxFetchFailuresInARow failures in a row the rest of that source is not
// tried (its API is down). A row rejected in today's listing is not read again: today's data of
// it was unreadable. A dry run reads, plans on what it read, and writes nothing.
Status DailyPass::refetch_stale(OpenBook& book, std::vector<PlanItem>& items,
                                std::vector<Decision>& decisions,
                                const std::set<std::string>& rejected_keys, const PassOptions& options,
                                PassSummary& summary) {
    refetched_customers_.clear();
    std::map<std::string, InvoiceSource*> fetchers;
    for (InvoiceSource* source : sources_) {
        if (source->can_fetch()) fetchers[std::string(source->name())] = source;
    }
    if (fetchers.empty()) return ok();

    struct Fresh {
        std::size_t item = 0;
        Invoice invoice;
        std::optional<Customer> customer;
    };
    std::map<std::string, SourceListing> listings;      // by source: what was read again
    std::map<std::string, std::vector<Fresh>> fresh;    // parallel to listings[source].invoices
    std::map<std::string, int> failures_in_a_row;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (decisions[i].outcome != Outcome::Stale) continue;
        const StoredInvoice& si = book.invoices[i];
        const std::string& source = si.invoice.source;
        const auto fetcher = fetchers.find(source);
        if (fetcher == fetchers.end()) continue;
        if (rejected_keys.count(key2(source, si.invoice.number)) != 0) continue;
        std::map<std::string, int>& counts = summary.refetched[source];
        int& down = failures_in_a_row[source];
        if (down >= kMaxFetchFailuresInARow) {
            ++counts["not attempted"];
            items[i].stale_reason += "; not read again: the source failed " +
                                     std::to_string(kMaxFetchFailuresInARow) + " times in a row";
            continue;
        }
        const std::string id = si.remote_id.empty() ? si.invoice.number : si.remote_id;
        auto fetched = fetcher->second->fetch_invoice(id);
        Fresh f;
        f.item = i;
        if (!fetched && fetched.error().code == ErrorCode::NotFound) {
            f.invoice = si.invoice;  // deleted in the tool: never dunned again
            f.invoice.status = InvoiceStatus::Void;
            ++counts["deleted"];
        } else if (!fetched) {
            ++down;
            ++counts["failed"];
            items[i].stale_reason += "; reading it again failed: " + fetched.error().describe();
            continue;
        } else {
            f.invoice = std::move(fetched->invoice);
            f.customer = std::move(fetched->customer);
            ++counts[std::string(to_string(f.invoice.status))];
            if (!fetched->remote_id.empty() && fetched->remote_id != si.invoice.number) {
                listings[source].remote_ids[si.invoice.number] = fetched->remote_id;
            }
        }
        down = 0;
        f.invoice.number = si.invoice.number;  // the store's key, whatever the tool shows now
        f.invoice.source = source;
        SourceListing& listing = listings[source];
        listing.source = source;
        listing.complete = false;
        if (f.customer && std::none_of(listing.customers.begin(), listing.customers.end(),
                                       [&](const Customer& c) { return c.id == f.customer->id; })) {
            listing.customers.push_back(*f.customer);
        }
        listing.invoices.push_back(f.invoice);
        fresh[source].push_back(std::move(f));
    }

    for (auto& [source, listing] : listings) {
        if (!options.dry_run) {
            auto counts = store_.apply_listing(listing, options.today, summary.run_id);
            if (!counts) {  // not recorded: not used either
                for (const Fresh& f : fresh[source]) {
                    items[f.item].stale_reason += "; read again but not recorded: " + counts.error().describe();
                }
                summary.refetched[source]["not recorded"] += static_cast<int>(fresh[source].size());
                continue;
            }
        }
        for (Fresh& f : fresh[source]) {
            StoredInvoice& si = book.invoices[f.item];
            si.invoice = std::move(f.invoice);  // items[f.item].invoice points here
            PlanItem& item = items[f.item];
            if (f.customer && f.customer->id == si.invoice.customer_id) {
                refetched_customers_.push_back(std::move(*f.customer));
                item.customer = &refetched_customers_.back();
            }
            item.fresh = true;
            item.stale_reason.clear();
            decisions[f.item] = decide(item, policy_, options.today);
        }
    }
    return ok();
}

DailyPass::DailyPass(Store& store, std::vector<InvoiceSource*> sources, Renderer& renderer,
                     Channel& channel, const Policy& policy, CompanyInfo company)
    : store_(store),
      sources_(std::move(sources)),
      renderer_(renderer),
      channel_(channel),
      policy_(policy),
      company_(std::move(company)) {
    if (company_.message_domain.empty()) company_.message_domain = domain_of(company_.email);
    for (const InvoiceSource* source : sources_) freshness_[std::string(source->name())] = source->freshness();
}

// Delivers the day's messages. Each reminder row is claimed (planned) before anything is sent.
// On an idempotent channel (file outbox) a batch of rows goes to "sending" at once and is settled
// after the batch, which keeps a million files cheap. On any other channel (SMTP) each message
// moves to "sending" just before its delivery and is settled right after it, so that a crash
// leaves at most one message "uncertain". After kMaxDownInARow deliveries in a row that found the
// channel unavailable, the rest of the run is not attempted: it is planned again next run.
Status DailyPass::dispatch(const std::vector<PlanItem>& items, const std::vector<Decision>& decisions,
                           const PassOptions& options, PassSummary& summary) {
    const std::vector<MessagePlan> messages = group_messages(items, decisions, policy_);
    const bool batch_states = channel_.idempotent();
    int down_in_a_row = 0;
    std::size_t done = 0;
    for (std::size_t start = 0; start < messages.size(); start += kBatch) {
        const bool stopping = options.should_stop && options.should_stop();
        if (down_in_a_row >= kMaxDownInARow || stopping) {
            for (std::size_t m = start; m < messages.size(); ++m) {
                summary.not_attempted += static_cast<std::int64_t>(messages[m].items.size());
            }
            break;
        }
        const std::size_t end = std::min(messages.size(), start + kBatch);
        std::vector<ReminderRow> rows;
        std::vector<std::size_t> row_item;  // plan index of each row
        std::vector<std::size_t> row_msg;   // message index of each row
        for (std::size_t m = start; m < end; ++m) {
            for (std::size_t i : messages[m].items) {
                const Invoice& inv = *items[i].invoice;
                ReminderRow row;
                row.source = inv.source;
                row.invoice_number = inv.number;
                row.level = decisions[i].level;
                row.channel = std::string(channel_.name());
                row.message_id = reminder_message_id(inv.source, inv.number, row.level, row.channel,
                                                     company_.message_domain);
                row.planned_on = options.today;
                row.run_id = summary.run_id;
                for (const auto& e : items[i].customer->emails) {
                    row.recipient += (row.recipient.empty() ? "" : ", ") + e;
                }
                row.amount_due = decisions[i].amount_due;
                rows.push_back(std::move(row));
                row_item.push_back(i);
                row_msg.push_back(m);
            }
        }
        auto claimed = store_.claim(rows);
        if (!claimed) return unexpected(std::move(claimed).error().with_context("recording reminders"));
        // Messages keep only the invoices whose row this run claimed.
        std::map<std::size_t, std::vector<std::size_t>> claimed_rows;  // message -> rows
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if ((*claimed)[r]) {
                claimed_rows[row_msg[r]].push_back(r);
            } else {
                ++summary.already_recorded;
            }
        }

        // Settled states waiting to be written: state -> (ids, details).
        std::map<ReminderState, std::pair<std::vector<std::int64_t>, std::vector<std::string>>> settle;
        const auto flush = [&]() -> Status {
            for (auto& [state, todo] : settle) {
                if (todo.first.empty()) continue;
                if (auto s = store_.set_state(todo.first, state, todo.second); !s) return s;
                todo.first.clear();
                todo.second.clear();
            }
            return ok();
        };
        const auto ids_of = [&](const std::vector<std::size_t>& rs) {
            std::vector<std::int64_t> ids;
            for (std::size_t r : rs) ids.push_back(rows[r].id);
            return ids;
        };
        if (batch_states) {
            std::vector<std::int64_t> sending;
            for (const auto& [m, rs] : claimed_rows) {
                for (std::size_t r : rs) sending.push_back(rows[r].id);
            }
            if (auto s = store_.set_state(sending, ReminderState::Sending, {}); !s) return s;
        }

        for (const auto& [m, rs] : claimed_rows) {
            const auto settle_all = [&](ReminderState state, const std::string& detail) {
                for (std::size_t r : rs) {
                    settle[state].first.push_back(rows[r].id);
                    settle[state].second.push_back(detail);
                }
            };
            const auto count = [&](std::int64_t LevelDelivery::*field) {
                for (std::size_t r : rs) ++(summary.delivery[decisions[row_item[r]].level].*field);
            };
            if (down_in_a_row >= kMaxDownInARow || (options.should_stop && options.should_stop())) {
                settle_all(ReminderState::Failed, down_in_a_row >= kMaxDownInARow
                                                      ? "not attempted: the channel was unavailable"
                                                      : "not attempted: relance was stopping");
                summary.not_attempted += static_cast<std::int64_t>(rs.size());
                count(&LevelDelivery::failed);
                continue;
            }
            auto msg = compose(items, decisions, rows, row_item, rs, options);
            if (!msg) {
                settle_all(ReminderState::Failed, "template: " + msg.error().describe());
                ++summary.failed;
                count(&LevelDelivery::failed);
                summary.delivery_errors.push_back(rows[rs.front()].invoice_number + ": " +
                                                  msg.error().describe());
                continue;
            }
            if (!batch_states) {
                if (auto s = store_.set_state(ids_of(rs), ReminderState::Sending, {}); !s) return s;
            }
            auto receipt = channel_.deliver(*msg);
            if (receipt) {
                down_in_a_row = 0;
                ++summary.messages_sent;
                if (receipt->attempts > 1) {
                    ++summary.retried;
                    count(&LevelDelivery::retried);
                }
                settle_all(ReminderState::Sent, receipt->detail);
                if (auto s = record_letters(rows, rs, options); !s) return s;
                for (std::size_t r : rs) {
                    const Decision& d = decisions[row_item[r]];
                    Tally& t = summary.sent[d.level];
                    ++t.count;
                    t.amount_minor[std::string(d.amount_due.currency().code())] += d.amount_due.minor();
                }
            } else {
                const Error& e = receipt.error();
                const std::string why = e.describe();
                summary.delivery_errors.push_back(rows[rs.front()].invoice_number + ": " + why);
                if (e.code == ErrorCode::Rejected || e.code == ErrorCode::InvalidInput) {
                    down_in_a_row = 0;
                    settle_all(ReminderState::Rejected, why);
                    if (auto s = record_letters(rows, rs, options); !s) return s;
                    ++summary.refused;
                    count(&LevelDelivery::rejected);
                } else if (e.code == ErrorCode::Uncertain) {
                    down_in_a_row = 0;
                    settle_all(ReminderState::Uncertain, why);
                    if (auto s = record_letters(rows, rs, options); !s) return s;
                    ++summary.uncertain;
                    count(&LevelDelivery::uncertain);
                } else {
                    ++down_in_a_row;
                    settle_all(ReminderState::Failed, why);
                    ++summary.failed;
                    count(&LevelDelivery::failed);
                }
            }
            if (!batch_states) {
                if (auto s = flush(); !s) return s;
            }
        }
        if (auto s = flush(); !s) return s;
        done = end;
        if (progress_) progress_("send", done, messages.size());
    }
    return ok();
}

// The message for the claimed rows `rs` of one planned message.
Result<OutgoingMessage> DailyPass::compose(const std::vector<PlanItem>& items,
                                           const std::vector<Decision>& decisions,
                                           const std::vector<ReminderRow>& rows,
                                           const std::vector<std::size_t>& row_item,
                                           const std::vector<std::size_t>& rs,
                                           const PassOptions& options) {
    const std::size_t first = row_item[rs.front()];
    const Customer& customer = *items[first].customer;
    MessageFacts facts;
    facts.language = customer.language.empty() ? company_.language : customer.language;
    facts.company_name = company_.name;
    facts.company_email = company_.email;
    facts.company_phone = company_.phone;
    facts.customer_name = customer.name;
    facts.business = customer.type == CustomerType::B2B;
    facts.amount_due = Money::zero(items[first].invoice->total.currency());
    for (std::size_t r : rs) {
        const std::size_t i = row_item[r];
        const Invoice& inv = *items[i].invoice;
        const Decision& d = decisions[i];
        facts.level = d.level;  // group_messages: every invoice of a message is at one level
        facts.lines.push_back(InvoiceLine{
            inv.number, *inv.due_date, inv.issue_date, d.days_late, d.level, inv.total,
            Money{inv.paid.minor() + inv.credited.minor(), inv.total.currency()}, d.amount_due,
            inv.payment_link});
        facts.amount_due =
            Money{facts.amount_due.minor() + d.amount_due.minor(), facts.amount_due.currency()};
    }
    // Penalty figures (core/penalty), at the levels whose policy mentions or claims them.
    const Level* level = policy_.level(facts.level);
    if (penalties_ && level != nullptr && level->speaks_of_penalties()) {
        facts.penalties_claimed = level->claim_penalties;
        for (std::size_t k = 0; k < rs.size(); ++k) {
            const Invoice& inv = *items[row_item[rs[k]]].invoice;
            auto p = invoice_penalty(*penalties_, inv, customer, options.today, std::nullopt);
            if (p) {
                facts.lines[k].penalty = LinePenalty{p->interest, p->indemnity, p->current_rate_bps()};
            } else {
                penalty_problems_.push_back(p.error().describe());
            }
        }
    }
    auto rendered = renderer_.render(facts);
    if (!rendered) return unexpected(std::move(rendered).error());
    OutgoingMessage msg;
    const ReminderRow& lead = rows[rs.front()];
    msg.message_id =
        rs.size() == 1
            ? lead.message_id
            : reminder_message_id(lead.source, "grouped." + customer.id + "." + to_iso(options.today),
                                  facts.level, lead.channel, company_.message_domain);
    msg.from = Address{company_.name, company_.email};
    msg.reply_to = company_.reply_to;
    for (const auto& e : customer.emails) msg.to.push_back(Address{customer.name, e});
    msg.bcc = company_.bcc;
    if (auto it = company_.level_cc.find(facts.level); it != company_.level_cc.end()) msg.cc = it->second;
    if (auto it = company_.level_bcc.find(facts.level); it != company_.level_bcc.end()) {
        msg.bcc.insert(msg.bcc.end(), it->second.begin(), it->second.end());
    }
    msg.subject = std::move(rendered->subject);
    msg.text = std::move(rendered->text);
    msg.html = std::move(rendered->html);
    msg.date = options.now;
    // The formal notice as a letter (engine/letters_pass.cpp): attached, and posted once sent.
    letter_in_flight_ = nullptr;
    if (letters_ && level != nullptr && level->formal_notice) {
        letter_in_flight_ = letter_for(items, decisions, first, facts.level, options);
        if (letter_in_flight_ != nullptr && letters_->attach) {
            msg.attachments.push_back(
                Attachment{letter_in_flight_->file_name, "application/pdf", letter_in_flight_->bytes});
        }
    }
    msg.file_stem = rs.size() == 1
                        ? file_stem(lead.source, lead.invoice_number, "_L" + std::to_string(lead.level))
                        : file_stem(lead.source, customer.id,
                                    "_" + to_iso(options.today) + "_grouped_L" + std::to_string(facts.level));
    return msg;
}

Result<PassSummary> DailyPass::run(const PassOptions& options) {
    PassSummary summary;
    penalty_problems_.clear();
    letter_summary_ = {};
    letters_today_.clear();
    summary.today = options.today;
    summary.dry_run = options.dry_run;
    const auto progress = [&](std::string_view phase, std::size_t done, std::size_t total) {
        if (progress_) progress_(phase, done, total);
    };

    if (!options.dry_run) {
        auto run_id = store_.begin_run(options.today, options.now);
        if (!run_id) return unexpected(std::move(run_id).error().with_context("starting the run"));
        summary.run_id = *run_id;

        // Rows a previous run left planned or sending were interrupted. A planned row never
        // reached the channel: it is planned again. A sending row may have: on an idempotent
        // channel (same file, same Message-ID) it is delivered again; on any other it becomes
        // uncertain, never sent again without a person's word.
        auto interrupted = store_.interrupted();
        if (!interrupted) return unexpected(std::move(interrupted).error());
        std::vector<std::int64_t> again;
        std::vector<std::int64_t> unsure;
        for (const auto& row : *interrupted) {
            const bool safe = row.state == ReminderState::Planned || channel_.idempotent();
            (safe ? again : unsure).push_back(row.id);
        }
        if (!again.empty()) {
            const std::vector<std::string> why(again.size(), "interrupted run: planned again");
            if (auto st = store_.set_state(again, ReminderState::Failed, why); !st) {
                return unexpected(std::move(st).error());
            }
            summary.recovered += static_cast<std::int64_t>(again.size());
        }
        if (!unsure.empty()) {
            const std::vector<std::string> why(
                unsure.size(), "interrupted while sending: it may have gone out; check and settle it "
                               "with `relance outbox`");
            if (auto st = store_.set_state(unsure, ReminderState::Uncertain, why); !st) {
                return unexpected(std::move(st).error());
            }
            summary.uncertain += static_cast<std::int64_t>(unsure.size());
        }
    }

    // 1-2. Fetch and sync (engine/sync.h). A source that cannot be read changes nothing; an
    // invoice that left an API source's listing is read again before it is recorded resolved.
    // Only a dry run keeps the listings, to overlay them on the store.
    SyncOptions sync_options;
    sync_options.today = options.today;
    sync_options.run_id = summary.run_id;
    sync_options.write = !options.dry_run;
    sync_options.accept_empty = options.accept_empty;
    sync_options.keep_listings = options.dry_run || dossier_ != nullptr;
    auto synced = sync_sources(store_, sources_, sync_options, progress_);
    if (!synced) return unexpected(std::move(synced).error());
    std::vector<SourceListing> listings = std::move(synced->listings);
    if (dossier_ != nullptr && !options.dry_run) {  // postal addresses, for the letters
        for (const SourceListing& l : listings) {
            if (auto st = dossier_->put_postal(l.source, l.customers); !st) return unexpected(std::move(st).error());
        }
        listings.clear();  // freed before the open book is loaded
    }
    std::set<std::string> rejected_keys;
    for (const auto& [source, number] : synced->rejected_invoices) rejected_keys.insert(key2(source, number));
    summary.synced = std::move(synced->synced);
    summary.source_errors = std::move(synced->errors);
    summary.rejected = std::move(synced->rejected);
    summary.confirmed = std::move(synced->confirmed);

    // 3. Load what is open, with history and holds.
    auto book_result = store_.load_open_book();
    if (!book_result) return unexpected(std::move(book_result).error().with_context("loading invoices"));
    OpenBook& book = *book_result;
    if (dossier_ != nullptr) {  // postal addresses, and the invoices handed to collection
        if (auto st = dossier_->fill_postal(book.customers, book.customer_sources); !st) {
            return unexpected(std::move(st).error());
        }
        auto collection = dossier_->in_collection();
        if (!collection) return unexpected(std::move(collection).error());
        for (StoredInvoice& si : book.invoices) {
            if (auto it = collection->find({si.invoice.source, si.invoice.number}); it != collection->end()) {
                si.history.collection_since = it->second.since;
            }
        }
    }

    std::set<std::string> listed;  // (source, number) seen in today's listings (dry run)
    if (options.dry_run) {
        // Overlay today's listings on the store in memory, as a real run would have written them.
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < book.invoices.size(); ++i) {
            const Invoice& inv = book.invoices[i].invoice;
            index.emplace(key2(inv.source, inv.number), i);
        }
        for (const SourceListing& l : listings) {
            for (const Customer& c : l.customers) {
                book.customers.push_back(c);
                book.customer_sources.push_back(l.source);
            }
            for (const Invoice& inv : l.invoices) {
                Invoice copy = inv;
                copy.source = l.source;
                const std::string k = key2(l.source, inv.number);
                listed.insert(k);
                if (auto it = index.find(k); it != index.end()) {
                    book.invoices[it->second].invoice = std::move(copy);
                } else {
                    index.emplace(k, book.invoices.size());
                    book.invoices.push_back(StoredInvoice{std::move(copy), {}, 0});
                }
            }
            if (l.complete) {
                for (StoredInvoice& si : book.invoices) {
                    const std::string k = key2(si.invoice.source, si.invoice.number);
                    if (si.invoice.source == l.source && !listed.count(k) && !rejected_keys.count(k)) {
                        si.invoice.status = InvoiceStatus::Paid;  // would be recorded as paid
                    }
                }
            }
        }
    }

    // Customers by (source, id); later entries (today's data) win.
    std::unordered_map<std::string, const Customer*> customers;
    for (std::size_t i = 0; i < book.customers.size(); ++i) {
        const std::string& src = i < book.customer_sources.size() ? book.customer_sources[i] : "";
        customers[key2(src, book.customers[i].id)] = &book.customers[i];
    }
    std::unordered_map<std::string, std::vector<const Hold*>> holds;
    for (const Hold& h : book.holds) {
        holds[std::string(h.scope == HoldScope::Customer ? "c" : "i") + key2(h.source, h.key)]
            .push_back(&h);
    }

    std::vector<PlanItem> items;
    items.reserve(book.invoices.size());
    for (const StoredInvoice& si : book.invoices) {
        PlanItem item;
        item.invoice = &si.invoice;
        if (auto it = customers.find(key2(si.invoice.source, si.invoice.customer_id));
            it != customers.end()) {
            item.customer = it->second;
        }
        item.history = si.history;
        if (!holds.empty()) {
            for (const char* scope : {"c", "i"}) {
                const auto& key = scope[0] == 'c' ? si.invoice.customer_id : si.invoice.number;
                if (auto it = holds.find(scope + key2(si.invoice.source, key)); it != holds.end()) {
                    item.holds.insert(item.holds.end(), it->second.begin(), it->second.end());
                }
            }
        }
        const std::string k = key2(si.invoice.source, si.invoice.number);
        item.fresh = options.dry_run ? listed.count(k) > 0 : si.last_seen_run == summary.run_id;
        if (!item.fresh) item.fresh = within_freshness(si, rejected_keys, options.now);
        if (!item.fresh) {
            if (auto e = summary.source_errors.find(si.invoice.source); e != summary.source_errors.end()) {
                item.stale_reason = "source '" + si.invoice.source + "' could not be read today";
            } else if (rejected_keys.count(k)) {
                item.stale_reason = "its row was rejected in today's listing";
            } else {
                item.stale_reason = "not in today's listing of source '" + si.invoice.source + "'";
            }
        }
        items.push_back(std::move(item));
    }
    summary.open_invoices = static_cast<std::int64_t>(items.size());

    // 4. Plan.
    progress("plan", 0, items.size());
    std::vector<Decision> decisions = plan(items, policy_, options.today);
    if (auto st = refetch_stale(book, items, decisions, rejected_keys, options, summary); !st) {
        return unexpected(std::move(st).error());
    }
    progress("plan", items.size(), items.size());

    const auto line_of = [&](std::size_t i) {
        const Decision& d = decisions[i];
        const Invoice& inv = *items[i].invoice;
        return PlanLine{inv.source,
                        inv.number,
                        items[i].customer ? items[i].customer->name : inv.customer_id,
                        d.outcome,
                        d.outcome == Outcome::Send ? d.level : std::max(d.level, d.target_level),
                        d.days_late,
                        d.amount_due,
                        explain(d, items[i], policy_)};
    };
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const Outcome o = decisions[i].outcome;
        if (o == Outcome::Send) {
            summary.actions.push_back(line_of(i));
            continue;
        }
        ++summary.skipped[o];
        if (o == Outcome::NoDueDate || o == Outcome::NoEmail || o == Outcome::Stale) {
            summary.attention.push_back(line_of(i));
        } else if (options.explain_all) {
            summary.others.push_back(line_of(i));
        }
    }

    if (auto st = hand_over(items, decisions, options); !st) return unexpected(std::move(st).error());

    // 5. Dispatch through the outbox.
    if (!options.dry_run) {
        if (auto sent = dispatch(items, decisions, options, summary); !sent) {
            return unexpected(std::move(sent).error());
        }
        raise_alerts(items, decisions, options, summary);

        // 6. Daily snapshot: overdue invoices by level reached (0 = none yet) and currency.
        std::map<std::pair<int, std::string>, LevelSnapshot> snap;
        for (std::size_t i = 0; i < decisions.size(); ++i) {
            const Decision& d = decisions[i];
            if (d.outcome == Outcome::Settled || d.days_late <= 0 || !items[i].invoice->due_date) continue;
            const std::string cur(d.amount_due.currency().code());
            LevelSnapshot& s = snap[{d.level, cur}];
            s.level = d.level;
            s.currency = cur;
            ++s.count;
            s.amount_minor += d.amount_due.minor();
        }
        std::vector<LevelSnapshot> rows;
        for (auto& [k, v] : snap) rows.push_back(v);
        if (auto st = store_.put_snapshot(options.today, rows); !st) {
            return unexpected(std::move(st).error());
        }
        if (auto st = store_.finish_run(summary.run_id, options.now, summary.status(), summary.to_json());
            !st) {
            return unexpected(std::move(st).error());
        }
    }
    if (options.dry_run) raise_alerts(items, decisions, options, summary);
    summary.penalty_problems = std::exchange(penalty_problems_, {});
    summary.letters = std::exchange(letter_summary_, {});
    letters_today_.clear();
    return summary;
}

// Internal alerts and follow-up tasks of the day, once the reminders went out (so that a
// reminder refused today becomes a task today). A store error here does not undo the pass: it
// is reported, and the run counts as partial.
void DailyPass::raise_alerts(const std::vector<PlanItem>& items, const std::vector<Decision>& decisions,
                             const PassOptions& options, PassSummary& summary) {
    if (alerts_ == nullptr) return;
    AlertContext ctx{items, decisions, options.today, options.now, summary.run_id, "", options.dry_run};
    for (const auto& [source, why] : summary.source_errors) {
        ctx.pass_problem += (ctx.pass_problem.empty() ? "source " : "; source ") + source +
                            " could not be read: " + why;
    }
    auto raised = alerts_->run(ctx);
    if (raised) {
        summary.alerts = std::move(*raised);
    } else {
        summary.alerts.evaluated = true;
        summary.alerts.error = raised.error().describe();
    }
}

}  // namespace relance
