// SPDX-License-Identifier: MIT
// Each figure is one SQL aggregate (GROUP BY level, currency ...) so that a dashboard request on a
// large store reads the tables once per figure and transfers a handful of rows, not every invoice.
// Day counts are sql::days_between (dialect.h): julianday() differences in SQLite, date
// subtraction in PostgreSQL, exact whole numbers for civil dates either way. Result columns are
// integers (CASE ... THEN 1 ELSE 0), never booleans, so that both engines return the same.
#include "adapters/store/sql/statistics.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <utility>

#include "adapters/store/sql/codec.h"
#include "adapters/store/sql/dialect.h"

namespace relance::sql {
namespace {

__extension__ using Wide = __int128;  // receivable x 90 x 2 may pass int64

// Open: to be paid. The expression is repeated in each query (SQLite has no macros).
#define RELANCE_OPEN_INVOICE                                                                   \
    "i.resolved_on IS NULL AND (i.status = 'open' OR i.status = 'disputed') AND "              \
    "i.total_minor - i.paid_minor - i.credited_minor > 0"

constexpr std::string_view kUnpaid =
    "SELECT i.currency, CASE WHEN i.due_date IS NOT NULL AND i.due_date < ?1 THEN 1 ELSE 0 END, count(*), "
    "sum(i.total_minor - i.paid_minor - i.credited_minor) FROM invoices i "
    "WHERE " RELANCE_OPEN_INVOICE " GROUP BY 1, 2 ORDER BY 1, 2";

constexpr std::string_view kOverdueByLevel =
    "SELECT coalesce(h.last_level, 0), i.currency, count(*), "
    "sum(i.total_minor - i.paid_minor - i.credited_minor) FROM invoices i "
    "LEFT JOIN invoice_history h ON h.source = i.source AND h.number = i.number "
    "WHERE " RELANCE_OPEN_INVOICE " AND i.due_date < ?1 GROUP BY 1, 2 ORDER BY 1, 2";

std::string ageing_sql(Engine e) {
    const std::string late = days_between(e, "?1", "i.due_date");
    return "SELECT i.currency, CASE WHEN " + late + " <= 30 THEN 0 WHEN " + late +
           " <= 60 THEN 1 WHEN " + late + " <= 90 THEN 2 ELSE 3 END, count(*), "
           "sum(i.total_minor - i.paid_minor - i.credited_minor) FROM invoices i "
           "WHERE " RELANCE_OPEN_INVOICE " AND i.due_date < ?1 GROUP BY 1, 2 ORDER BY 1, 2";
}

// Per invoice: the highest level reached (at resolution for a resolved one), whether it was ever
// overdue, and for a paid one the days from reaching that level to the payment day. Grouped, so
// that what comes back is a few rows per level.
std::string outcomes_sql(Engine e) {
    return R"sql(
WITH inv AS (
    SELECT i.source, i.number, i.due_date, i.resolved_on, i.resolution,
           CASE WHEN i.resolved_on IS NULL THEN coalesce(h.last_level, 0)
                ELSE coalesce(i.level_at_resolution, 0) END AS lvl
    FROM invoices i LEFT JOIN invoice_history h ON h.source = i.source AND h.number = i.number
    WHERE i.status <> 'draft'
), x AS (
    SELECT lvl, CASE WHEN resolved_on IS NOT NULL THEN 1 ELSE 0 END AS resolved,
           coalesce(resolution, '') AS resolution,
           CASE WHEN due_date < coalesce(resolved_on, ?1) THEN 1 ELSE 0 END AS was_overdue,
           CASE WHEN resolution <> 'paid' THEN NULL
                WHEN lvl = 0 THEN )sql" + days_between(e, "resolved_on", "due_date") + R"sql(
                ELSE (SELECT )sql" + days_between(e, "inv.resolved_on", "min(r.planned_on)") + R"sql(
                      FROM reminders r
                      WHERE r.source = inv.source AND r.invoice_number = inv.number
                        AND r.level = inv.lvl AND r.state <> 'failed' AND r.state <> 'rejected')
           END AS days
    FROM inv
)
SELECT lvl, resolved, resolution, was_overdue, count(*), coalesce(sum(days), 0)
FROM x GROUP BY 1, 2, 3, 4 ORDER BY 1
)sql";
}

constexpr std::string_view kSales =
    "SELECT currency, sum(total_minor) FROM invoices WHERE status <> 'draft' AND "
    "status <> 'void' AND issue_date > ?2 AND issue_date <= ?1 GROUP BY 1 ORDER BY 1";

constexpr std::string_view kReminderCounts =
    "SELECT level, state, count(*) FROM reminders GROUP BY 1, 2 ORDER BY 1, 2";

constexpr std::string_view kSnapshots =
    "SELECT day, level, currency, count, amount_minor FROM daily_snapshots "
    "WHERE day >= ?1 AND day <= ?2 ORDER BY day, level, currency";

std::string overdue_rows_sql(Engine e) {
    return
    "SELECT i.source, i.number, i.customer_id, coalesce(c.name, ''), coalesce(c.tags, '[]'), "
    "i.due_date, i.currency, i.total_minor, i.total_minor - i.paid_minor - i.credited_minor, "
    "i.status, coalesce(h.last_level, 0), h.last_contact, " +
    days_between(e, "?1", "i.due_date") + " AS late FROM invoices i "
    "LEFT JOIN customers c ON c.source = i.source AND c.id = i.customer_id "
    "LEFT JOIN invoice_history h ON h.source = i.source AND h.number = i.number "
    "WHERE " RELANCE_OPEN_INVOICE " AND i.due_date < ?1 "
    "ORDER BY late DESC, 9 DESC, i.source, i.number";
}

constexpr std::string_view kTimelineInvoice =
    "SELECT i.customer_id, i.issue_date, i.due_date, i.currency, i.total_minor, i.paid_minor, "
    "i.credited_minor, i.status, i.payment_link, i.pdf_url, i.first_seen_on, i.resolved_on, "
    "coalesce(i.resolution, ''), coalesce(c.name, ''), coalesce(h.last_level, 0) FROM invoices i "
    "LEFT JOIN customers c ON c.source = i.source AND c.id = i.customer_id "
    "LEFT JOIN invoice_history h ON h.source = i.source AND h.number = i.number "
    "WHERE i.source = ?1 AND i.number = ?2";

// The audit rows about one invoice: its holds ("invoice csv/F-1: reason, until ..."), its
// customer's pauses ("customer csv/C-1 ..."), and its reminders settled by a person
// ("reminder 12 (csv F-1 level 2): uncertain -> sent").
std::string timeline_audit_sql(Engine e) {
    return R"sql(
SELECT id, at, actor, action, detail FROM audit_log
WHERE detail = ?1 OR substr(detail, 1, length(?1) + 1) = ?1 || ':'
   OR substr(detail, 1, length(?1) + 1) = ?1 || ','
   OR detail = ?2 OR substr(detail, 1, length(?2) + 1) = ?2 || ':'
   OR substr(detail, 1, length(?2) + 1) = ?2 || ','
   OR (substr(action, 1, 7) = 'outbox ' AND )sql" + contains(e, "detail", "?3") + R"sql()
ORDER BY id
)sql";
}

#undef RELANCE_OPEN_INVOICE

Unexpected corrupt(std::string_view where, std::string_view value) {
    return fail(ErrorCode::Internal,
                "unreadable value '" + std::string(value) + "' in " + std::string(where));
}

/// Steps `st` to the end, calling row() for each row; row() returns a Status.
template <class F>
Status each_row(Statement& st, F&& row) {
    for (;;) {
        auto has = st.step();
        if (!has) return unexpected(std::move(has).error());
        if (!*has) return ok();
        if (auto s = row(); !s) return s;
    }
}

Result<Statement> prepared(Connection& conn, std::string_view sql, std::string_view today) {
    auto st = conn.prepare(sql);
    if (!st) return st;
    if (!today.empty()) st->bind(1, today);
    return st;
}

/// Reads rows of (currency, count, amount) in columns (c, c + 1, c + 2).
CurrencyAmount currency_amount(const Statement& st, int c) {
    return CurrencyAmount{std::string(st.text(c)), st.int64(c + 1), st.int64(c + 2)};
}

Result<Money> money_of(const Statement& st, int amount_column, int currency_column) {
    auto currency = Currency::from_code(st.text(currency_column));
    if (!currency) return corrupt("invoices.currency", st.text(currency_column));
    return Money{st.int64(amount_column), *currency};
}

Result<std::optional<Date>> optional_date(const Statement& st, int column, std::string_view where) {
    if (st.is_null(column)) return std::optional<Date>{};
    auto d = parse_date_text(st.text(column));
    if (!d) return corrupt(where, st.text(column));
    return std::optional<Date>{*d};
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

}  // namespace

Result<Overview> read_overview(Connection& conn, Date today) {
    auto tx = Transaction::begin_read(conn);
    if (!tx) return unexpected(std::move(tx).error());
    const std::string day = date_text(today);
    Overview out;
    out.today = today;

    {
        auto st = prepared(conn, kUnpaid, day);
        if (!st) return unexpected(std::move(st).error());
        std::map<std::string, CurrencyAmount> unpaid;
        auto s = each_row(*st, [&]() -> Status {
            CurrencyAmount row = currency_amount(*st, 0);
            row.count = st->int64(2);
            row.amount_minor = st->int64(3);
            (st->int32(1) != 0 ? out.overdue : out.not_due).push_back(row);
            CurrencyAmount& total = unpaid[row.currency];
            total.currency = row.currency;
            total.count += row.count;
            total.amount_minor += row.amount_minor;
            return ok();
        });
        if (!s) return unexpected(std::move(s).error().with_context("unpaid"));
        for (auto& [code, total] : unpaid) out.unpaid.push_back(std::move(total));
    }
    {
        auto st = prepared(conn, kOverdueByLevel, day);
        if (!st) return unexpected(std::move(st).error());
        auto s = each_row(*st, [&]() -> Status {
            out.overdue_by_level.push_back(LevelAmount{st->int32(0), std::string(st->text(1)),
                                                       st->int64(2), st->int64(3)});
            return ok();
        });
        if (!s) return unexpected(std::move(s).error().with_context("overdue by level"));
    }
    {
        constexpr std::array<std::pair<int, int>, 4> kBuckets{{{1, 30}, {31, 60}, {61, 90}, {91, -1}}};
        for (const CurrencyAmount& c : out.overdue) {
            for (const auto& [from, to] : kBuckets) {
                out.ageing.push_back(AgeingBucket{from, to, c.currency, 0, 0});
            }
        }
        auto st = prepared(conn, ageing_sql(conn.engine()), day);
        if (!st) return unexpected(std::move(st).error());
        auto s = each_row(*st, [&]() -> Status {
            const std::string_view currency = st->text(0);
            const auto bucket = static_cast<std::size_t>(std::clamp(st->int32(1), 0, 3));
            for (std::size_t k = 0; k + 3 < out.ageing.size(); k += 4) {
                if (out.ageing[k].currency != currency) continue;
                out.ageing[k + bucket].count = st->int64(2);
                out.ageing[k + bucket].amount_minor = st->int64(3);
            }
            return ok();
        });
        if (!s) return unexpected(std::move(s).error().with_context("ageing"));
    }
    {
        auto st = prepared(conn, outcomes_sql(conn.engine()), day);
        if (!st) return unexpected(std::move(st).error());
        auto s = each_row(*st, [&]() -> Status {
            const int level = std::max(0, st->int32(0));
            const bool resolved = st->int32(1) != 0;
            const std::string_view resolution = st->text(2);
            const bool was_overdue = st->int32(3) != 0;
            const std::int64_t count = st->int64(4);
            if (level == 0 && !was_overdue) return ok();  // paid on time, or not due yet
            while (out.outcomes.size() <= static_cast<std::size_t>(level)) {
                out.outcomes.push_back(LevelOutcome{static_cast<int>(out.outcomes.size())});
            }
            for (int l = 0; l <= level; ++l) {
                LevelOutcome& o = out.outcomes[static_cast<std::size_t>(l)];
                o.reached += count;
                if (l < level) {
                    o.moved_on += count;
                } else if (!resolved) {
                    o.open += count;
                } else if (resolution == "paid") {
                    o.paid += count;
                    o.days_to_pay_total += st->int64(5);
                } else {
                    o.closed_otherwise += count;
                }
            }
            return ok();
        });
        if (!s) return unexpected(std::move(s).error().with_context("outcomes per level"));
    }
    {
        auto st = prepared(conn, kSales, day);
        if (!st) return unexpected(std::move(st).error());
        const std::string since = date_text(add_days(today, -kDsoDays));
        st->bind(2, since);
        std::map<std::string, CurrencyDso> dso;
        for (const CurrencyAmount& c : out.unpaid) {
            dso[c.currency] = CurrencyDso{c.currency, c.amount_minor, 0, std::nullopt};
        }
        auto s = each_row(*st, [&]() -> Status {
            CurrencyDso& d = dso[std::string(st->text(0))];
            d.currency = st->text(0);
            d.sales_minor = st->int64(1);
            return ok();
        });
        if (!s) return unexpected(std::move(s).error().with_context("sales"));
        for (auto& [code, d] : dso) {
            if (d.sales_minor > 0) {
                // receivable / sales x 90, rounded half up, in 128 bits (amounts up to 10^15).
                const Wide num = static_cast<Wide>(d.receivable_minor) * kDsoDays * 2 +
                                     d.sales_minor;
                d.days = static_cast<std::int64_t>(num / (static_cast<Wide>(d.sales_minor) * 2));
            }
            out.dso.push_back(std::move(d));
        }
    }
    {
        auto st = prepared(conn, kReminderCounts, "");
        if (!st) return unexpected(std::move(st).error());
        auto s = each_row(*st, [&]() -> Status {
            out.reminders.push_back(
                ReminderCount{st->int32(0), std::string(st->text(1)), st->int64(2)});
            return ok();
        });
        if (!s) return unexpected(std::move(s).error().with_context("reminder counts"));
    }
    if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
    return out;
}

Result<std::vector<DaySnapshot>> read_snapshots(Connection& conn, Date from, Date to) {
    auto st = prepared(conn, kSnapshots, "");
    if (!st) return unexpected(std::move(st).error());
    const std::string first = date_text(from);
    const std::string last = date_text(to);
    st->bind(1, first);
    st->bind(2, last);
    std::vector<DaySnapshot> out;
    auto s = each_row(*st, [&]() -> Status {
        auto day = parse_date_text(st->text(0));
        if (!day) return corrupt("daily_snapshots.day", st->text(0));
        out.push_back(DaySnapshot{*day, st->int32(1), std::string(st->text(2)), st->int64(3),
                                  st->int64(4)});
        return ok();
    });
    if (!s) return unexpected(std::move(s).error());
    return out;
}

Result<OverdueList> read_overdue(Connection& conn, const OverdueFilter& filter, Date today,
                                 std::span<const Hold> holds) {
    const std::string day = date_text(today);
    auto st = prepared(conn, overdue_rows_sql(conn.engine()), day);
    if (!st) return unexpected(std::move(st).error());
    const std::string wanted = ascii_lower(filter.customer);
    const auto active_hold = [&](HoldScope scope, std::string_view source,
                                 std::string_view key) -> const Hold* {
        for (const Hold& h : holds) {
            if (h.scope == scope && h.source == source && h.key == key && h.active_on(today)) return &h;
        }
        return nullptr;
    };
    OverdueList out;
    auto s = each_row(*st, [&]() -> Status {
        const int level = st->int32(10);
        if (filter.level && *filter.level != level) return ok();
        const std::int64_t due_minor = st->int64(8);
        if (filter.min_amount_minor && due_minor < *filter.min_amount_minor) return ok();
        if (filter.max_amount_minor && due_minor > *filter.max_amount_minor) return ok();
        if (!wanted.empty() && ascii_lower(st->text(2)).find(wanted) == std::string::npos &&
            ascii_lower(st->text(3)).find(wanted) == std::string::npos) {
            return ok();
        }
        const std::string_view source = st->text(0);
        std::string because;
        if (st->text(9) == "disputed") {
            because = "disputed";
        } else if (const Hold* h = active_hold(HoldScope::Invoice, source, st->text(1))) {
            because = h->reason.empty() ? "on hold" : h->reason;
        } else if (const Hold* c = active_hold(HoldScope::Customer, source, st->text(2))) {
            because = c->reason.empty() ? "paused" : c->reason;
        } else if (!filter.hold_tags.empty()) {
            auto tags = parse_string_list_json(st->text(4));
            if (!tags) return corrupt("customers.tags", st->text(4));
            for (const std::string& tag : filter.hold_tags) {
                if (std::find(tags->begin(), tags->end(), tag) != tags->end()) {
                    because = "tag " + tag;
                    break;
                }
            }
        }
        if (filter.held && *filter.held != !because.empty()) return ok();
        ++out.total;
        if (filter.limit != 0 && out.rows.size() >= filter.limit) return ok();

        OverdueRow& r = out.rows.emplace_back();
        r.source = source;
        r.number = st->text(1);
        r.customer_id = st->text(2);
        r.customer_name = st->text(3);
        auto due = optional_date(*st, 5, "invoices.due_date");
        if (!due) return unexpected(std::move(due).error());
        r.due_date = *due;
        auto total = money_of(*st, 7, 6);
        if (!total) return unexpected(std::move(total).error());
        r.total = *total;
        r.amount_due = Money{due_minor, total->currency()};
        auto status = parse_status_text(st->text(9));
        if (!status) return corrupt("invoices.status", st->text(9));
        r.status = *status;
        r.level = level;
        auto contact = optional_date(*st, 11, "invoice_history.last_contact");
        if (!contact) return unexpected(std::move(contact).error());
        r.last_contact = *contact;
        r.days_late = st->int32(12);
        r.held = !because.empty();
        r.held_because = std::move(because);
        return ok();
    });
    if (!s) return unexpected(std::move(s).error());
    return out;
}

Result<AuditEntry> read_audit_entry(const Statement& st) {
    AuditEntry e;
    e.id = st.int64(0);
    const auto at = parse_instant_text(st.text(1));
    if (!at) return corrupt("audit_log.at", st.text(1));
    e.at = *at;
    e.actor = st.text(2);
    e.action = st.text(3);
    e.detail = st.text(4);
    return e;
}

Result<InvoiceTimeline> read_timeline(Connection& conn, std::string_view source,
                                      std::string_view number, std::span<const Hold> holds) {
    auto tx = Transaction::begin_read(conn);
    if (!tx) return unexpected(std::move(tx).error());
    InvoiceTimeline out;
    {
        auto st = prepared(conn, kTimelineInvoice, source);
        if (!st) return unexpected(std::move(st).error());
        st->bind(2, number);
        auto has = st->step();
        if (!has) return unexpected(std::move(has).error());
        if (!*has) {
            return fail(ErrorCode::NotFound, "no invoice '" + std::string(number) +
                                                 "' in source '" + std::string(source) + "'");
        }
        Invoice& inv = out.invoice;
        inv.source = source;
        inv.number = number;
        inv.customer_id = st->text(0);
        auto issue = optional_date(*st, 1, "invoices.issue_date");
        auto due = optional_date(*st, 2, "invoices.due_date");
        auto seen = optional_date(*st, 10, "invoices.first_seen_on");
        auto resolved = optional_date(*st, 11, "invoices.resolved_on");
        for (auto* d : {&issue, &due, &seen, &resolved}) {
            if (!*d) return unexpected(std::move(*d).error());
        }
        inv.issue_date = *issue;
        inv.due_date = *due;
        out.first_seen_on = seen->value_or(Date{});
        out.resolved_on = *resolved;
        auto total = money_of(*st, 4, 3);
        if (!total) return unexpected(std::move(total).error());
        inv.total = *total;
        inv.paid = Money{st->int64(5), total->currency()};
        inv.credited = Money{st->int64(6), total->currency()};
        auto status = parse_status_text(st->text(7));
        if (!status) return corrupt("invoices.status", st->text(7));
        inv.status = *status;
        inv.payment_link = st->text(8);
        inv.pdf_url = st->text(9);
        out.resolution = st->text(12);
        out.customer_name = st->text(13);
        out.level = st->int32(14);
    }
    for (const Hold& h : holds) {
        const std::string& key =
            h.scope == HoldScope::Invoice ? out.invoice.number : out.invoice.customer_id;
        if (h.source == source && h.key == key) out.holds.push_back(h);
    }
    {
        const std::string invoice_key = "invoice " + std::string(source) + "/" + std::string(number);
        const std::string customer_key =
            "customer " + std::string(source) + "/" + out.invoice.customer_id;
        const std::string reminder_key =
            " (" + std::string(source) + " " + std::string(number) + " level ";
        auto st = prepared(conn, timeline_audit_sql(conn.engine()), invoice_key);
        if (!st) return unexpected(std::move(st).error());
        st->bind(2, customer_key);
        st->bind(3, reminder_key);
        auto s = each_row(*st, [&]() -> Status {
            auto e = read_audit_entry(*st);
            if (!e) return unexpected(std::move(e).error());
            out.audit.push_back(std::move(*e));
            return ok();
        });
        if (!s) return unexpected(std::move(s).error());
    }
    if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
    return out;
}

}  // namespace relance::sql
