// SPDX-License-Identifier: MIT
// The Store's logic, once for both engines, over the SQL layer (connection.h). Statements are
// prepared once per store; their SQL is the same on both engines except where dialect.h says.
#include "adapters/store/sql/sql_store.h"

#include <algorithm>
#include <array>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "adapters/store/sql/codec.h"
#include "adapters/store/sql/connection.h"
#include "adapters/store/sql/dialect.h"
#include "adapters/store/sql/guarded.h"
#include "adapters/store/sql/statistics.h"

namespace relance {

using sql::Connection;
using sql::ResetGuard;
using sql::Statement;
using sql::Transaction;
using sql::guarded;

namespace {

// --- SQL ----------------------------------------------------------------------------------------

constexpr std::string_view kSyncInsert =
    "INSERT INTO syncs (source, run_id, day, complete, listed, rejected) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSyncFinish =
    "UPDATE syncs SET inserted = ?2, updated = ?3, unchanged = ?4, resolved = ?5, reopened = ?6 "
    "WHERE id = ?1";

// apply_listing reads the source's stored rows once, in key order, next to the listing sorted the
// same way (a merge), and writes only what differs: an unchanged invoice costs no write at all
// (its last_seen_run stays NULL, meaning "the source's latest listing"), which keeps a daily
// sync of a million unchanged invoices around a second. ORDER BY follows the primary key, so
// SQLite sorts nothing; std::string's operator< and SQLite's BINARY collation both compare bytes
// as unsigned, so both sides agree on the order.
constexpr std::string_view kSourceLastRun =
    "SELECT run_id FROM syncs WHERE source = ?1 ORDER BY id DESC LIMIT 1";
constexpr std::string_view kLastRuns =
    "SELECT source, run_id, listed FROM syncs "
    "WHERE id IN (SELECT max(id) FROM syncs GROUP BY source)";

constexpr std::string_view kCustomerScan =
    "SELECT id, name, emails, language, tags, type FROM customers WHERE source = ?1 ORDER BY id";
constexpr std::string_view kCustomerUpdate =
    "UPDATE customers SET name = ?3, emails = ?4, language = ?5, tags = ?6, type = ?7 "
    "WHERE source = ?1 AND id = ?2";

constexpr std::string_view kInvoiceScan = R"sql(
SELECT number, customer_id, issue_date, due_date, currency, total_minor, paid_minor,
    credited_minor, status, payment_link, pdf_url, resolved_on, resolution, last_seen_run, remote_id
FROM invoices WHERE source = ?1 ORDER BY number
)sql";
// A new invoice: resolved on its first day when the listing already closes it (level 0).
constexpr std::array<std::string_view, 18> kInvoiceInsertColumns = {
    "source", "number", "customer_id", "issue_date", "due_date", "currency", "total_minor",
    "paid_minor", "credited_minor", "status", "payment_link", "pdf_url", "first_seen_on",
    "last_seen_run", "resolved_on", "resolution", "level_at_resolution", "remote_id"};
// A listed invoice whose data, resolution or last_seen_run changes. An invoice that stays
// resolved keeps the day it was first resolved.
constexpr std::string_view kInvoiceUpdate = R"sql(
UPDATE invoices SET customer_id = ?3, issue_date = ?4, due_date = ?5, currency = ?6,
    total_minor = ?7, paid_minor = ?8, credited_minor = ?9, status = ?10, payment_link = ?11,
    pdf_url = ?12, last_seen_run = NULL, remote_id = ?15,
    resolved_on = CASE WHEN ?14 IS NULL THEN NULL ELSE coalesce(resolved_on, ?13) END,
    level_at_resolution = CASE WHEN ?14 IS NULL THEN NULL
        WHEN resolved_on IS NULL THEN coalesce((SELECT h.last_level FROM invoice_history h
                                                WHERE h.source = ?1 AND h.number = ?2), 0)
        ELSE level_at_resolution END,
    resolution = ?14
WHERE source = ?1 AND number = ?2
)sql";
// Open, absent from a complete listing of unpaid invoices and not rejected: paid, as far as the
// listing can tell. ?4 keeps the run that last saw it.
constexpr std::string_view kInvoiceResolveMissing = R"sql(
UPDATE invoices SET resolved_on = ?3, resolution = 'paid',
    level_at_resolution = coalesce((SELECT h.last_level FROM invoice_history h
                                    WHERE h.source = ?1 AND h.number = ?2), 0),
    last_seen_run = coalesce(last_seen_run, ?4)
WHERE source = ?1 AND number = ?2
)sql";
// Absent from this listing but kept: remember the run that last saw it.
constexpr std::string_view kInvoiceUnseen =
    "UPDATE invoices SET last_seen_run = ?3 WHERE source = ?1 AND number = ?2";

// ORDER BY the primary key makes SQLite walk the table itself, in order; otherwise it walks the
// partial index and looks every row up (twice as slow when most invoices are open). NOT INDEXED
// does not prevent that on a WITHOUT ROWID table.
constexpr std::string_view kOpenInvoices = R"sql(
SELECT source, number, customer_id, issue_date, due_date, currency, total_minor, paid_minor,
    credited_minor, status, payment_link, pdf_url, last_seen_run, remote_id
FROM invoices WHERE resolved_on IS NULL ORDER BY source, number
)sql";
// Read in step with kOpenInvoices (same order): a merge join, cheaper than a lookup per invoice.
constexpr std::string_view kHistory =
    "SELECT source, number, last_level, last_contact FROM invoice_history ORDER BY source, number";
// SQLite picks a worse plan without the hint; PostgreSQL has no hints (and needs none).
constexpr std::string_view kOpenCustomers = R"sql(
SELECT c.source, c.id, c.name, c.emails, c.language, c.tags, c.type FROM customers c
WHERE EXISTS (SELECT 1 FROM invoices i INDEXED BY invoices_open_by_customer
              WHERE i.source = c.source AND i.customer_id = c.id AND i.resolved_on IS NULL)
)sql";
constexpr std::string_view kOpenCustomersNoHint = R"sql(
SELECT c.source, c.id, c.name, c.emails, c.language, c.tags, c.type FROM customers c
WHERE EXISTS (SELECT 1 FROM invoices i
              WHERE i.source = c.source AND i.customer_id = c.id AND i.resolved_on IS NULL)
)sql";

constexpr std::string_view kHoldsAll =
    R"(SELECT scope, source, "key", reason, since, until FROM holds ORDER BY id)";
constexpr std::string_view kHoldUpsert = R"sql(
INSERT INTO holds (scope, source, "key", reason, since, until) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (scope, source, "key") DO UPDATE SET
    reason = excluded.reason, since = excluded.since, until = excluded.until
)sql";
constexpr std::string_view kHoldDelete =
    R"(DELETE FROM holds WHERE scope = ?1 AND source = ?2 AND "key" = ?3)";
constexpr std::string_view kAuditInsert =
    "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kAuditSelect =
    "SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1";
constexpr std::string_view kCustomerExists =
    "SELECT 1 FROM customers WHERE source = ?1 AND id = ?2";
constexpr std::string_view kInvoiceExists =
    "SELECT 1 FROM invoices WHERE source = ?1 AND number = ?2";

// Claiming: insert; on a clash, plan a Failed row again; otherwise the row is someone else's.
// No RETURNING: it costs SQLite a temporary table per execution.
std::string claim_insert_sql(sql::Engine e) {
    return sql::insert_new(e, "reminders",
                           "source, invoice_number, level, channel, message_id, state, planned_on, "
                           "run_id, recipient, subject, amount_minor, currency, detail, updated_at",
                           "?1, ?2, ?3, ?4, ?5, 'planned', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13",
                           "source, invoice_number, level, channel",
                           "source = ?1 AND invoice_number = ?2 AND level = ?3 AND channel = ?4");
}
constexpr std::string_view kClaimRetry = R"sql(
UPDATE reminders SET message_id = ?5, state = 'planned', planned_on = ?6, run_id = ?7,
    recipient = ?8, subject = ?9, amount_minor = ?10, currency = ?11, detail = ?12,
    updated_at = ?13
WHERE source = ?1 AND invoice_number = ?2 AND level = ?3 AND channel = ?4 AND state = 'failed'
)sql";
constexpr std::string_view kReminderId =
    "SELECT id FROM reminders "
    "WHERE source = ?1 AND invoice_number = ?2 AND level = ?3 AND channel = ?4";
constexpr std::string_view kSetState =
    "UPDATE reminders SET state = ?1, detail = coalesce(?2, detail), updated_at = ?3 "
    "WHERE id = ?4";
constexpr std::string_view kReminderColumns =
    "SELECT id, source, invoice_number, level, channel, message_id, state, planned_on, run_id, "
    "recipient, subject, amount_minor, currency, detail FROM reminders ";
// Same expression as the reminders_unfinished partial index, so that SQLite uses it.
constexpr std::string_view kInterruptedWhere =
    "WHERE state = 'planned' OR state = 'sending' ORDER BY id";
constexpr std::string_view kRemindersOrder = "ORDER BY id DESC LIMIT ?1";
constexpr std::string_view kToSettleWhere =
    "WHERE state = 'uncertain' OR state = 'rejected' OR state = 'failed' ORDER BY id";
constexpr std::string_view kOneReminderWhere = "WHERE id = ?1";

constexpr std::string_view kRunStarts = "SELECT id, started_at FROM runs";
constexpr std::string_view kRunBegin = "INSERT INTO runs (run_date, started_at) VALUES (?1, ?2)";
constexpr std::string_view kRunFinish =
    "UPDATE runs SET finished_at = ?2, status = ?3, summary_json = ?4 WHERE id = ?1";
constexpr std::string_view kRuns =
    "SELECT id, run_date, started_at, finished_at, status, summary_json FROM runs "
    "ORDER BY id DESC LIMIT ?1";

constexpr std::string_view kSnapshotDelete = "DELETE FROM daily_snapshots WHERE day = ?1";
constexpr std::string_view kSnapshotInsert =
    "INSERT INTO daily_snapshots (day, level, currency, count, amount_minor) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kSnapshotSelect =
    "SELECT level, currency, count, amount_minor FROM daily_snapshots WHERE day = ?1 "
    "ORDER BY level, currency";

// --- Helpers ------------------------------------------------------------------------------------

Unexpected corrupt(std::string_view table, std::string_view column, std::string_view value) {
    return fail(ErrorCode::Internal, "unreadable value '" + std::string(value) + "' in " +
                                         std::string(table) + "." + std::string(column));
}

/// Currency codes repeat row after row: remember the last few lookups.
class CurrencyCache {
public:
    Result<Currency> get(std::string_view code) {
        for (const auto& [known, currency] : cache_) {
            if (!known.empty() && known == code) return currency;
        }
        auto currency = Currency::from_code(code);
        if (!currency) return currency;
        cache_[next_] = {std::string(code), *currency};
        next_ = (next_ + 1) % cache_.size();
        return currency;
    }

private:
    std::array<std::pair<std::string, Currency>, 4> cache_{};
    std::size_t next_ = 0;
};

Result<std::optional<Date>> read_date(const Statement& st, int column, std::string_view table,
                                      std::string_view name) {
    if (st.is_null(column)) return std::optional<Date>{};
    const auto text = st.text(column);
    const auto date = sql::parse_date_text(text);
    if (!date) return corrupt(table, name, text);
    return std::optional<Date>{*date};
}

/// The resolution a listed invoice implies, or nullopt while it is to be dunned (open with
/// something left to pay, disputed, draft).
std::optional<std::string_view> implied_resolution(const Invoice& inv) {
    switch (inv.status) {
        case InvoiceStatus::Paid:
            return "paid";
        case InvoiceStatus::Void:
            return "void";
        case InvoiceStatus::Credited:
            return "credited";
        case InvoiceStatus::Uncollectible:
            return "uncollectible";
        case InvoiceStatus::Open:
            if (inv.amount_due().minor() <= 0) return "paid";
            return std::nullopt;
        case InvoiceStatus::Disputed:
        case InvoiceStatus::Draft:
            return std::nullopt;
    }
    return std::nullopt;
}

Status check_invoice(const Invoice& inv, const std::string& source) {
    if (inv.number.empty()) return fail(ErrorCode::InvalidInput, "an invoice has no number");
    if (!inv.source.empty() && inv.source != source) {
        return fail(ErrorCode::InvalidInput, "the invoice says it comes from source '" +
                                                 inv.source + "', not '" + source + "'");
    }
    // One currency column per invoice: a zero amount may carry any currency (Money's default).
    const Currency currency = inv.total.currency();
    const auto check = [&](std::string_view what, const Money& money) -> Status {
        if (money.is_zero() || money.currency() == currency) return ok();
        return fail(ErrorCode::InvalidInput, "the amount " + std::string(what) + " is in " +
                                                 std::string(money.currency().code()) +
                                                 " but the total is in " +
                                                 std::string(currency.code()));
    };
    if (auto s = check("paid", inv.paid); !s) return s;
    return check("credited", inv.credited);
}

std::string hold_detail(HoldScope scope, std::string_view source, std::string_view key) {
    return std::string(sql::to_text(scope)) + " " + std::string(source) + "/" + std::string(key);
}

}  // namespace

// --- Impl ---------------------------------------------------------------------------------------

struct SqlStore::Impl {
    std::string path;
    const Clock* clock = nullptr;
    Connection conn;

    Statement sync_insert, sync_finish, source_last_run, last_runs, customer_scan,
        customer_update, invoice_scan, invoice_update, invoice_resolve_missing,
        invoice_unseen, open_invoices, history, open_customers, holds_all, hold_upsert, hold_delete,
        audit_insert, audit_select, customer_exists, invoice_exists, claim_insert, claim_retry,
        reminder_id, set_state, interrupted, reminders, to_settle, one_reminder, run_begin,
        run_finish, runs, run_starts,
        snapshot_delete, snapshot_insert, snapshot_select;

    Status prepare_all();
    [[nodiscard]] std::string now_text() const {
        const auto now =
            clock != nullptr
                ? clock->now()
                : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        return sql::instant_text(now);
    }
    Status audit(std::string_view actor, std::string_view action, std::string_view detail);
    Result<ReminderRow> read_reminder(const Statement& st);
    Result<std::vector<ReminderRow>> read_reminders(Statement& st);
    Result<std::vector<Hold>> read_holds();
    Status sync_customers(const SourceListing& listing);
    Result<SyncCounts> sync_invoices(const SourceListing& listing, const std::string& day,
                                     std::int64_t previous_run);
    CurrencyCache currencies;
};

Status SqlStore::Impl::prepare_all() {
    const std::string interrupted_sql =
        std::string(kReminderColumns) + std::string(kInterruptedWhere);
    const std::string reminders_sql = std::string(kReminderColumns) + std::string(kRemindersOrder);
    const std::string to_settle_sql = std::string(kReminderColumns) + std::string(kToSettleWhere);
    const std::string one_sql = std::string(kReminderColumns) + std::string(kOneReminderWhere);
    const std::string claim_insert_text = claim_insert_sql(conn.engine());
    const auto all = std::to_array<std::pair<Statement*, std::string_view>>({
        {&sync_insert, kSyncInsert},
        {&sync_finish, kSyncFinish},
        {&source_last_run, kSourceLastRun},
        {&last_runs, kLastRuns},
        {&customer_scan, kCustomerScan},
        {&customer_update, kCustomerUpdate},
        {&invoice_scan, kInvoiceScan},
        {&invoice_update, kInvoiceUpdate},
        {&invoice_resolve_missing, kInvoiceResolveMissing},
        {&invoice_unseen, kInvoiceUnseen},
        {&open_invoices, kOpenInvoices},
        {&history, kHistory},
        {&open_customers, conn.engine() == sql::Engine::Sqlite ? kOpenCustomers : kOpenCustomersNoHint},
        {&holds_all, kHoldsAll},
        {&hold_upsert, kHoldUpsert},
        {&hold_delete, kHoldDelete},
        {&audit_insert, kAuditInsert},
        {&audit_select, kAuditSelect},
        {&customer_exists, kCustomerExists},
        {&invoice_exists, kInvoiceExists},
        {&claim_insert, claim_insert_text},
        {&claim_retry, kClaimRetry},
        {&reminder_id, kReminderId},
        {&set_state, kSetState},
        {&interrupted, interrupted_sql},
        {&reminders, reminders_sql},
        {&to_settle, to_settle_sql},
        {&one_reminder, one_sql},
        {&run_begin, kRunBegin},
        {&run_finish, kRunFinish},
        {&runs, kRuns},
        {&run_starts, kRunStarts},
        {&snapshot_delete, kSnapshotDelete},
        {&snapshot_insert, kSnapshotInsert},
        {&snapshot_select, kSnapshotSelect},
    });
    for (const auto& [stmt, sql] : all) {
        auto prepared = conn.prepare(sql);
        if (!prepared) return unexpected(std::move(prepared).error());
        *stmt = std::move(*prepared);
    }
    return ok();
}

Status SqlStore::Impl::audit(std::string_view actor, std::string_view action,
                                std::string_view detail) {
    const std::string at = now_text();
    ResetGuard guard(audit_insert);
    audit_insert.bind(1, at);
    audit_insert.bind(2, actor);
    audit_insert.bind(3, action);
    audit_insert.bind(4, detail);
    return audit_insert.run();
}

Result<ReminderRow> SqlStore::Impl::read_reminder(const Statement& st) {
    ReminderRow row;
    row.id = st.int64(0);
    row.source = st.text(1);
    row.invoice_number = st.text(2);
    row.level = st.int32(3);
    row.channel = st.text(4);
    row.message_id = st.text(5);
    const auto state = sql::parse_reminder_state(st.text(6));
    if (!state) return corrupt("reminders", "state", st.text(6));
    row.state = *state;
    const auto planned = sql::parse_date_text(st.text(7));
    if (!planned) return corrupt("reminders", "planned_on", st.text(7));
    row.planned_on = *planned;
    row.run_id = st.int64(8);
    row.recipient = st.text(9);
    row.subject = st.text(10);
    auto currency = currencies.get(st.text(12));
    if (!currency) return corrupt("reminders", "currency", st.text(12));
    row.amount_due = Money{st.int64(11), *currency};
    row.detail = st.text(13);
    return row;
}

Result<std::vector<ReminderRow>> SqlStore::Impl::read_reminders(Statement& st) {
    std::vector<ReminderRow> rows;
    for (;;) {
        auto has = st.step();
        if (!has) return unexpected(std::move(has).error());
        if (!*has) break;
        auto row = read_reminder(st);
        if (!row) return unexpected(std::move(row).error());
        rows.push_back(std::move(*row));
    }
    return rows;
}

// --- Construction -------------------------------------------------------------------------------

SqlStore::SqlStore(sql::Connection conn, const Clock* clock, std::string label)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(label);
    impl_->clock = clock;
    impl_->conn = std::move(conn);
}

Status SqlStore::prepare() {
    return guarded(impl_->path, "open", [&]() -> Status { return impl_->prepare_all(); });
}

SqlStore::~SqlStore() = default;


// --- Sync ---------------------------------------------------------------------------------------

namespace {

/// Steps `scan` (rows in key order, key in column 0) alongside `order` (indexes of listing items
/// sorted by key): calls both(index) for a key on both sides, listed_only(index) and
/// stored_only() for the others. The scan's text is valid during each call only.
template <class KeyOf, class Both, class ListedOnly, class StoredOnly>
Status merge(Statement& scan, std::span<const std::size_t> order, KeyOf key_of, Both both,
             ListedOnly listed_only, StoredOnly stored_only) {
    std::size_t j = 0;
    for (;;) {
        auto has = scan.step();
        if (!has) return unexpected(std::move(has).error());
        if (!*has) break;
        const std::string_view stored = scan.text(0);
        while (j < order.size() && std::string_view{key_of(order[j])} < stored) {
            if (auto s = listed_only(order[j]); !s) return s;
            ++j;
        }
        if (j < order.size() && std::string_view{key_of(order[j])} == stored) {
            if (auto s = both(order[j]); !s) return s;
            ++j;
        } else {
            if (auto s = stored_only(); !s) return s;
        }
    }
    for (; j < order.size(); ++j) {
        if (auto s = listed_only(order[j]); !s) return s;
    }
    return ok();
}

bool same_text_or_null(const Statement& st, int column, const std::optional<std::string>& value) {
    if (st.is_null(column)) return !value.has_value();
    return value.has_value() && st.text(column) == *value;
}

/// The listed invoice's column values, as written.
struct InvoiceText {
    Currency currency;  // a copy: Money::currency() returns a temporary, code() points into it
    std::optional<std::string> issue;
    std::optional<std::string> due;
    std::optional<std::string_view> resolution;
    // The day it is recorded resolved, if the listing resolves it: the tool's own date
    // (Invoice::resolved_on) when it gives one, never after the run's day (a tool clock ahead of
    // ours); else the run's day, when relance noticed.
    std::string resolved_day;
};

InvoiceText invoice_text(const Invoice& inv, const std::string& day) {
    InvoiceText t{inv.total.currency(), sql::date_text(inv.issue_date),
                  sql::date_text(inv.due_date), implied_resolution(inv), day};
    if (inv.resolved_on) {
        std::string tool_day = sql::date_text(*inv.resolved_on);
        if (tool_day < day) t.resolved_day = std::move(tool_day);  // ISO dates sort as text
    }
    return t;
}

// The tool's own id of a listed invoice ("" when it is its number). Never a null view: bound as
// text '' (a null pointer would bind SQL NULL).
std::string_view remote_id_of(const SourceListing& listing, const std::string& number) {
    static constexpr std::string_view kNone = "";
    if (listing.remote_ids.empty()) return kNone;
    const auto it = listing.remote_ids.find(number);
    return it == listing.remote_ids.end() ? kNone : std::string_view{it->second};
}

/// Whether the stored row (invoice_scan columns) holds the same data as the listed invoice.
bool same_invoice_data(const Statement& st, const Invoice& inv, const InvoiceText& t,
                       std::string_view remote_id) {
    return st.text(14) == remote_id && st.text(1) == inv.customer_id && same_text_or_null(st, 2, t.issue) &&
           same_text_or_null(st, 3, t.due) && st.text(4) == t.currency.code() &&
           st.int64(5) == inv.total.minor() && st.int64(6) == inv.paid.minor() &&
           st.int64(7) == inv.credited.minor() && st.text(8) == to_string(inv.status) &&
           st.text(9) == inv.payment_link && st.text(10) == inv.pdf_url;
}

void bind_invoice(Statement& st, const std::string& source, const Invoice& inv,
                  const InvoiceText& t, std::string_view remote_id) {
    st.bind(15, remote_id);
    st.bind(1, source);
    st.bind(2, inv.number);
    st.bind(3, inv.customer_id);
    st.bind_optional(4, t.issue);
    st.bind_optional(5, t.due);
    st.bind(6, t.currency.code());
    st.bind(7, inv.total.minor());
    st.bind(8, inv.paid.minor());
    st.bind(9, inv.credited.minor());
    st.bind(10, to_string(inv.status));
    st.bind(11, inv.payment_link);
    st.bind(12, inv.pdf_url);
    st.bind(13, t.resolved_day);  // ?13 only sets resolved_on (coalesce: a first resolution)
    if (t.resolution) {
        st.bind(14, *t.resolution);
    } else {
        st.bind_null(14);
    }
}

/// A new invoice's row, in kInvoiceInsertColumns order.
void add_new_invoice(sql::BulkInsert& row, const std::string& source, const Invoice& inv,
                     const InvoiceText& t, const std::string& day, std::string_view remote_id) {
    row.add(source);
    row.add(inv.number);
    row.add(inv.customer_id);
    row.add_optional(t.issue);
    row.add_optional(t.due);
    row.add(t.currency.code());
    row.add(inv.total.minor());
    row.add(inv.paid.minor());
    row.add(inv.credited.minor());
    row.add(to_string(inv.status));
    row.add(inv.payment_link);
    row.add(inv.pdf_url);
    row.add(day);
    row.add_null();  // last_seen_run: the source's latest listing
    if (t.resolution) {
        row.add(t.resolved_day);
        row.add(*t.resolution);
        row.add(std::int64_t{0});
    } else {
        row.add_null();
        row.add_null();
        row.add_null();
    }
    row.add(remote_id);
}

}  // namespace

Status SqlStore::Impl::sync_customers(const SourceListing& listing) {
    // Sorted by id; a customer listed twice (one per invoice row, say) counts once, the last
    // occurrence winning.
    std::vector<std::size_t> order(listing.customers.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return listing.customers[a].id < listing.customers[b].id;
    });
    std::vector<std::size_t> last;
    last.reserve(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k + 1 < order.size() &&
            listing.customers[order[k]].id == listing.customers[order[k + 1]].id) {
            continue;
        }
        last.push_back(order[k]);
    }

    std::vector<std::pair<std::size_t, bool>> writes;  // (index, is new)
    {
        ResetGuard guard(customer_scan);
        customer_scan.bind(1, listing.source);
        auto merged = merge(
            customer_scan, last,
            [&](std::size_t i) -> const std::string& { return listing.customers[i].id; },
            [&](std::size_t i) -> Status {
                const Customer& c = listing.customers[i];
                const bool same = customer_scan.text(1) == c.name &&
                                  customer_scan.text(2) == sql::string_list_json(c.emails) &&
                                  customer_scan.text(3) == c.language &&
                                  customer_scan.text(4) == sql::string_list_json(c.tags) &&
                                  customer_scan.text(5) == sql::to_text(c.type);
                if (!same) writes.emplace_back(i, false);
                return ok();
            },
            [&](std::size_t i) -> Status {
                writes.emplace_back(i, true);
                return ok();
            },
            []() -> Status { return ok(); });
        if (!merged) return merged;
    }
    // New customers in bulk (PostgreSQL: one COPY), changed ones one UPDATE each.
    static constexpr std::array<std::string_view, 7> kCustomerColumns = {
        "source", "id", "name", "emails", "language", "tags", "type"};
    auto bulk = conn.bulk_insert("customers", kCustomerColumns);
    if (!bulk) return unexpected(std::move(bulk).error());
    for (const auto& [i, is_new] : writes) {
        const Customer& c = listing.customers[i];
        const std::string emails = sql::string_list_json(c.emails);
        const std::string tags = sql::string_list_json(c.tags);
        if (is_new) {
            bulk->add(listing.source);
            bulk->add(c.id);
            bulk->add(c.name);
            bulk->add(emails);
            bulk->add(c.language);
            bulk->add(tags);
            bulk->add(sql::to_text(c.type));
            if (auto s = bulk->end_row(); !s) {
                return unexpected(std::move(s).error().with_context("customer '" + c.id + "'"));
            }
            continue;
        }
        Statement& st = customer_update;
        ResetGuard guard(st);
        st.bind(1, listing.source);
        st.bind(2, c.id);
        st.bind(3, c.name);
        st.bind(4, emails);
        st.bind(5, c.language);
        st.bind(6, tags);
        st.bind(7, sql::to_text(c.type));
        if (auto s = st.run(); !s) {
            return unexpected(std::move(s).error().with_context("customer '" + c.id + "'"));
        }
    }
    if (auto s = bulk->finish(); !s) return unexpected(std::move(s).error().with_context("new customers"));
    return ok();
}

Result<SyncCounts> SqlStore::Impl::sync_invoices(const SourceListing& listing,
                                                    const std::string& day,
                                                    std::int64_t previous_run) {
    const auto& invoices = listing.invoices;
    std::vector<std::size_t> order(invoices.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (auto s = check_invoice(invoices[i], listing.source); !s) {
            return unexpected(
                std::move(s).error().with_context("invoice '" + invoices[i].number + "'"));
        }
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return invoices[a].number < invoices[b].number;
    });
    for (std::size_t k = 1; k < order.size(); ++k) {
        if (invoices[order[k]].number == invoices[order[k - 1]].number) {
            return fail(ErrorCode::InvalidInput,
                        "invoice '" + invoices[order[k]].number + "' is listed twice");
        }
    }
    std::unordered_set<std::string_view> rejected;
    for (const RejectedRow& r : listing.rejected) {
        if (!r.invoice_number.empty()) rejected.insert(r.invoice_number);
    }

    // Read side: decide what to write. Nothing is written while the scan is open.
    SyncCounts counts;
    enum class Write { Insert, Update };
    std::vector<std::pair<std::size_t, Write>> writes;
    std::vector<std::string> missing;  // open, absent from a complete listing: resolve
    std::vector<std::string> unseen;   // absent, kept: remember the run that last saw it
    {
        Statement& scan = invoice_scan;
        ResetGuard guard(scan);
        scan.bind(1, listing.source);
        auto merged = merge(
            scan, order, [&](std::size_t i) -> const std::string& { return invoices[i].number; },
            [&](std::size_t i) -> Status {
                const Invoice& inv = invoices[i];
                const InvoiceText t = invoice_text(inv, day);
                const bool same = same_invoice_data(scan, inv, t, remote_id_of(listing, inv.number));
                const bool was_resolved = !scan.is_null(11);
                const bool is_resolved = t.resolution.has_value();
                const bool same_resolution = was_resolved == is_resolved &&
                                             (!was_resolved || scan.text(12) == *t.resolution);
                ++(same ? counts.unchanged : counts.updated);
                if (!was_resolved && is_resolved) ++counts.resolved;
                if (was_resolved && !is_resolved) ++counts.reopened;
                if (!same || !same_resolution || !scan.is_null(13)) {
                    writes.emplace_back(i, Write::Update);
                }
                return ok();
            },
            [&](std::size_t i) -> Status {
                ++counts.inserted;
                writes.emplace_back(i, Write::Insert);
                return ok();
            },
            [&]() -> Status {
                const std::string_view number = scan.text(0);
                const bool open = scan.is_null(11);
                if (listing.complete && open && !rejected.contains(number)) {
                    ++counts.resolved;
                    missing.emplace_back(number);
                } else if (scan.is_null(13)) {
                    unseen.emplace_back(number);
                }
                return ok();
            });
        if (!merged) return unexpected(std::move(merged).error());
    }

    // Write side, in key order: new invoices in bulk (PostgreSQL: one COPY, sent at the end),
    // changed ones one UPDATE each.
    auto bulk = conn.bulk_insert("invoices", kInvoiceInsertColumns);
    if (!bulk) return unexpected(std::move(bulk).error());
    for (const auto& [i, kind] : writes) {
        const Invoice& inv = invoices[i];
        const InvoiceText t = invoice_text(inv, day);
        if (kind == Write::Insert) {
            add_new_invoice(*bulk, listing.source, inv, t, day, remote_id_of(listing, inv.number));
            if (auto s = bulk->end_row(); !s) {
                return unexpected(std::move(s).error().with_context("invoice '" + inv.number + "'"));
            }
            continue;
        }
        Statement& st = invoice_update;
        ResetGuard guard(st);
        bind_invoice(st, listing.source, inv, t, remote_id_of(listing, inv.number));
        if (auto s = st.run(); !s) {
            return unexpected(std::move(s).error().with_context("invoice '" + inv.number + "'"));
        }
    }
    if (auto s = bulk->finish(); !s) return unexpected(std::move(s).error().with_context("new invoices"));
    for (const std::string& number : missing) {
        ResetGuard guard(invoice_resolve_missing);
        invoice_resolve_missing.bind(1, listing.source);
        invoice_resolve_missing.bind(2, number);
        invoice_resolve_missing.bind(3, day);
        invoice_resolve_missing.bind(4, previous_run);
        if (auto s = invoice_resolve_missing.run(); !s) {
            return unexpected(std::move(s).error().with_context("invoice '" + number + "'"));
        }
    }
    for (const std::string& number : unseen) {
        ResetGuard guard(invoice_unseen);
        invoice_unseen.bind(1, listing.source);
        invoice_unseen.bind(2, number);
        invoice_unseen.bind(3, previous_run);
        if (auto s = invoice_unseen.run(); !s) {
            return unexpected(std::move(s).error().with_context("invoice '" + number + "'"));
        }
    }
    return counts;
}

Result<SyncCounts> SqlStore::apply_listing(const SourceListing& listing, Date today,
                                              std::int64_t run_id) {
    return guarded(
        impl_->path, "apply listing of source '" + listing.source + "'",
        [&]() -> Result<SyncCounts> {
            Impl& im = *impl_;
            if (listing.source.empty()) {
                return fail(ErrorCode::InvalidInput, "the listing names no source");
            }
            auto tx = Transaction::begin(im.conn);
            if (!tx) return unexpected(std::move(tx).error());
            const std::string day = sql::date_text(today);

            // The run of the source's previous listing: what last_seen_run NULL meant until now.
            std::int64_t previous_run = 0;
            {
                ResetGuard guard(im.source_last_run);
                im.source_last_run.bind(1, listing.source);
                auto has = im.source_last_run.step();
                if (!has) return unexpected(std::move(has).error());
                if (*has) previous_run = im.source_last_run.int64(0);
            }
            std::int64_t sync_id = 0;
            {
                ResetGuard guard(im.sync_insert);
                im.sync_insert.bind(1, listing.source);
                im.sync_insert.bind(2, run_id);
                im.sync_insert.bind(3, day);
                im.sync_insert.bind(4, listing.complete ? 1 : 0);
                im.sync_insert.bind(5, static_cast<std::int64_t>(listing.invoices.size()));
                im.sync_insert.bind(6, static_cast<std::int64_t>(listing.rejected.size()));
                if (auto s = im.sync_insert.run(); !s) return unexpected(std::move(s).error());
                auto new_id = im.conn.last_insert_id();
                if (!new_id) return unexpected(std::move(new_id).error());
                sync_id = *new_id;
            }

            if (auto s = im.sync_customers(listing); !s) return unexpected(std::move(s).error());
            auto counts = im.sync_invoices(listing, day, previous_run);
            if (!counts) return counts;

            {
                ResetGuard guard(im.sync_finish);
                im.sync_finish.bind(1, sync_id);
                im.sync_finish.bind(2, counts->inserted);
                im.sync_finish.bind(3, counts->updated);
                im.sync_finish.bind(4, counts->unchanged);
                im.sync_finish.bind(5, counts->resolved);
                im.sync_finish.bind(6, counts->reopened);
                if (auto s = im.sync_finish.run(); !s) return unexpected(std::move(s).error());
            }
            if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
            return counts;
        });
}

Result<OpenBook> SqlStore::load_open_book() {
    return guarded(impl_->path, "load open invoices", [&]() -> Result<OpenBook> {
        Impl& im = *impl_;
        auto tx = Transaction::begin_read(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        OpenBook book;

        // last_seen_run NULL: the run of the source's latest listing.
        std::vector<std::pair<std::string, std::int64_t>> last_runs;
        std::int64_t listed = 0;
        {
            ResetGuard guard(im.last_runs);
            for (;;) {
                auto has = im.last_runs.step();
                if (!has) return unexpected(std::move(has).error());
                if (!*has) break;
                last_runs.emplace_back(im.last_runs.text(0), im.last_runs.int64(1));
                listed += im.last_runs.int64(2);
            }
        }
        // The latest listings' sizes: close to the number of open invoices, and much cheaper
        // than counting them (a count(*) costs a third of the scan).
        book.invoices.reserve(static_cast<std::size_t>(std::max<std::int64_t>(listed, 0)));
        // When each run started: the age of the data an invoice was last listed with.
        std::unordered_map<std::int64_t, std::chrono::sys_seconds> run_starts;
        {
            ResetGuard guard(im.run_starts);
            for (;;) {
                auto has = im.run_starts.step();
                if (!has) return unexpected(std::move(has).error());
                if (!*has) break;
                if (auto at = sql::parse_instant_text(im.run_starts.text(1))) {
                    run_starts.emplace(im.run_starts.int64(0), *at);
                }
            }
        }
        const auto last_run_of = [&](const std::string& source) -> std::int64_t {
            for (const auto& [name, run] : last_runs) {
                if (name == source) return run;
            }
            return 0;
        };

        {
            Statement& st = im.open_invoices;
            ResetGuard guard(st);
            Statement& h = im.history;
            ResetGuard history_guard(h);
            auto first = h.step();
            if (!first) return unexpected(std::move(first).error());
            bool history_row = *first;
            for (;;) {
                auto has = st.step();
                if (!has) return unexpected(std::move(has).error());
                if (!*has) break;
                StoredInvoice& si = book.invoices.emplace_back();
                Invoice& inv = si.invoice;
                inv.source = st.text(0);
                inv.number = st.text(1);
                inv.customer_id = st.text(2);
                auto issue = read_date(st, 3, "invoices", "issue_date");
                if (!issue) return unexpected(std::move(issue).error());
                inv.issue_date = *issue;
                auto due = read_date(st, 4, "invoices", "due_date");
                if (!due) return unexpected(std::move(due).error());
                inv.due_date = *due;
                auto currency = im.currencies.get(st.text(5));
                if (!currency) return corrupt("invoices", "currency", st.text(5));
                inv.total = Money{st.int64(6), *currency};
                inv.paid = Money{st.int64(7), *currency};
                inv.credited = Money{st.int64(8), *currency};
                const auto status = sql::parse_status_text(st.text(9));
                if (!status) return corrupt("invoices", "status", st.text(9));
                inv.status = *status;
                inv.payment_link = st.text(10);
                inv.pdf_url = st.text(11);
                si.last_seen_run = st.is_null(12) ? last_run_of(inv.source) : st.int64(12);
                si.remote_id = st.text(13);
                if (auto at = run_starts.find(si.last_seen_run); at != run_starts.end()) {
                    si.last_seen_at = at->second;
                }
                // Advance the history cursor to this invoice's key, (source, number).
                for (;;) {
                    if (!history_row) break;
                    const auto hs = h.text(0);
                    const auto hn = h.text(1);
                    const bool before = hs < std::string_view{inv.source} ||
                                        (hs == inv.source && hn < std::string_view{inv.number});
                    if (!before) {
                        if (hs == inv.source && hn == inv.number) {
                            si.history.last_level = h.int32(2);
                            auto contact = read_date(h, 3, "invoice_history", "last_contact");
                            if (!contact) return unexpected(std::move(contact).error());
                            si.history.last_contact = *contact;
                        }
                        break;
                    }
                    auto next = h.step();
                    if (!next) return unexpected(std::move(next).error());
                    history_row = *next;
                }
            }
        }

        {
            Statement& st = im.open_customers;
            ResetGuard guard(st);
            for (;;) {
                auto has = st.step();
                if (!has) return unexpected(std::move(has).error());
                if (!*has) break;
                book.customer_sources.emplace_back(st.text(0));
                Customer& c = book.customers.emplace_back();
                c.id = st.text(1);
                c.name = st.text(2);
                auto emails = sql::parse_string_list_json(st.text(3));
                if (!emails) return corrupt("customers", "emails", st.text(3));
                c.emails = std::move(*emails);
                c.language = st.text(4);
                auto tags = sql::parse_string_list_json(st.text(5));
                if (!tags) return corrupt("customers", "tags", st.text(5));
                c.tags = std::move(*tags);
                const auto type = sql::parse_customer_type(st.text(6));
                if (!type) return corrupt("customers", "type", st.text(6));
                c.type = *type;
            }
        }

        auto holds = im.read_holds();
        if (!holds) return unexpected(std::move(holds).error());
        book.holds = std::move(*holds);
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return book;
    });
}

// --- Holds --------------------------------------------------------------------------------------

Status SqlStore::put_hold(const Hold& hold, std::string_view actor) {
    return guarded(impl_->path, "put hold", [&]() -> Status {
        Impl& im = *impl_;
        if (hold.source.empty() || hold.key.empty()) {
            return fail(ErrorCode::InvalidInput, "a hold needs a source and a key");
        }
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        const auto since = sql::date_text(hold.since);
        const auto until = sql::date_text(hold.until);
        {
            Statement& st = im.hold_upsert;
            ResetGuard guard(st);
            st.bind(1, sql::to_text(hold.scope));
            st.bind(2, hold.source);
            st.bind(3, hold.key);
            st.bind(4, hold.reason);
            st.bind_optional(5, since);
            st.bind_optional(6, until);
            if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        }
        std::string detail = hold_detail(hold.scope, hold.source, hold.key);
        if (!hold.reason.empty()) detail += ": " + hold.reason;
        if (since) detail += ", since " + *since;
        if (until) detail += ", until " + *until;
        const std::string_view action = hold.scope == HoldScope::Customer ? "pause" : "hold";
        if (auto s = im.audit(actor, action, detail); !s) return unexpected(std::move(s).error());
        return tx->commit();
    });
}

Result<bool> SqlStore::remove_hold(HoldScope scope, std::string_view source,
                                      std::string_view key, std::string_view actor) {
    return guarded(impl_->path, "remove hold", [&]() -> Result<bool> {
        Impl& im = *impl_;
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        {
            Statement& st = im.hold_delete;
            ResetGuard guard(st);
            st.bind(1, sql::to_text(scope));
            st.bind(2, source);
            st.bind(3, key);
            if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        }
        if (im.conn.changes() == 0) return false;  // nothing lifted, nothing to audit
        const std::string_view action = scope == HoldScope::Customer ? "resume" : "unhold";
        if (auto s = im.audit(actor, action, hold_detail(scope, source, key)); !s) {
            return unexpected(std::move(s).error());
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return true;
    });
}

Result<std::vector<Hold>> SqlStore::list_holds() {
    return guarded(impl_->path, "list holds",
                   [&]() -> Result<std::vector<Hold>> { return impl_->read_holds(); });
}

Result<std::vector<Hold>> SqlStore::Impl::read_holds() {
    Statement& st = holds_all;
    ResetGuard guard(st);
    {
        std::vector<Hold> holds;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) break;
            Hold& h = holds.emplace_back();
            const auto scope = sql::parse_hold_scope(st.text(0));
            if (!scope) return corrupt("holds", "scope", st.text(0));
            h.scope = *scope;
            h.source = st.text(1);
            h.key = st.text(2);
            h.reason = st.text(3);
            auto since = read_date(st, 4, "holds", "since");
            if (!since) return unexpected(std::move(since).error());
            h.since = *since;
            auto until = read_date(st, 5, "holds", "until");
            if (!until) return unexpected(std::move(until).error());
            h.until = *until;
        }
        return holds;
    }
}

Result<bool> SqlStore::exists(HoldScope scope, std::string_view source, std::string_view key) {
    return guarded(impl_->path, "look up", [&]() -> Result<bool> {
        Statement& st =
            scope == HoldScope::Customer ? impl_->customer_exists : impl_->invoice_exists;
        ResetGuard guard(st);
        st.bind(1, source);
        st.bind(2, key);
        return st.step();
    });
}

// --- Outbox -------------------------------------------------------------------------------------

Result<std::vector<bool>> SqlStore::claim(std::span<ReminderRow> rows) {
    return guarded(impl_->path, "claim reminders", [&]() -> Result<std::vector<bool>> {
        Impl& im = *impl_;
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        const std::string now = im.now_text();
        std::vector<bool> claimed;
        claimed.reserve(rows.size());
        for (ReminderRow& row : rows) {
            const std::string what = "reminder " + row.source + "/" + row.invoice_number +
                                     " level " + std::to_string(row.level) + " " + row.channel;
            const std::string planned = sql::date_text(row.planned_on);
            const Currency currency = row.amount_due.currency();  // bound without a copy
            const auto bind_row = [&](Statement& st) {
                st.bind(1, row.source);
                st.bind(2, row.invoice_number);
                st.bind(3, row.level);
                st.bind(4, row.channel);
                st.bind(5, row.message_id);
                st.bind(6, planned);
                st.bind(7, row.run_id);
                st.bind(8, row.recipient);
                st.bind(9, row.subject);
                st.bind(10, row.amount_due.minor());
                st.bind(11, currency.code());
                st.bind(12, row.detail);
                st.bind(13, now);
            };
            bool inserted = false;
            {
                ResetGuard guard(im.claim_insert);
                bind_row(im.claim_insert);
                if (auto s = im.claim_insert.run(); !s) {
                    Error e = std::move(s).error();
                    if (e.code == ErrorCode::NotFound) {  // the foreign key to invoices
                        e.message = "invoice " + row.source + "/" + row.invoice_number +
                                    " is not in the store";
                    }
                    return unexpected(std::move(e).with_context(what));
                }
                inserted = im.conn.changes() == 1;
            }
            if (inserted) {
                auto new_id = im.conn.last_insert_id();
                if (!new_id) return unexpected(std::move(new_id).error());
                row.id = *new_id;
                row.state = ReminderState::Planned;
                claimed.push_back(true);
                continue;
            }
            bool retried = false;
            {
                ResetGuard guard(im.claim_retry);
                bind_row(im.claim_retry);
                if (auto s = im.claim_retry.run(); !s) {
                    return unexpected(std::move(s).error().with_context(what));
                }
                retried = im.conn.changes() == 1;
            }
            Statement& st = im.reminder_id;
            ResetGuard guard(st);
            st.bind(1, row.source);
            st.bind(2, row.invoice_number);
            st.bind(3, row.level);
            st.bind(4, row.channel);
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error().with_context(what));
            if (!*has) return fail(ErrorCode::Internal, what + ": neither inserted nor found");
            row.id = st.int64(0);
            if (retried) row.state = ReminderState::Planned;
            claimed.push_back(retried);
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return claimed;
    });
}

Status SqlStore::set_state(std::span<const std::int64_t> ids, ReminderState state,
                              std::span<const std::string> details) {
    return guarded(impl_->path, "set reminder state", [&]() -> Status {
        Impl& im = *impl_;
        if (!details.empty() && details.size() != ids.size()) {
            return fail(ErrorCode::InvalidInput, std::to_string(details.size()) + " details for " +
                                                     std::to_string(ids.size()) + " reminders");
        }
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        const std::string now = im.now_text();
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Statement& st = im.set_state;
            ResetGuard guard(st);
            st.bind(1, to_string(state));
            if (details.empty()) {
                st.bind_null(2);
            } else {
                st.bind(2, details[i]);
            }
            st.bind(3, now);
            st.bind(4, ids[i]);
            if (auto s = st.run(); !s) return unexpected(std::move(s).error());
            if (im.conn.changes() == 0) {
                return fail(ErrorCode::NotFound,
                            "reminder " + std::to_string(ids[i]) + " does not exist");
            }
        }
        return tx->commit();
    });
}

Result<std::vector<ReminderRow>> SqlStore::interrupted() {
    return guarded(impl_->path, "list interrupted reminders",
                   [&]() -> Result<std::vector<ReminderRow>> {
                       ResetGuard guard(impl_->interrupted);
                       return impl_->read_reminders(impl_->interrupted);
                   });
}

Result<std::vector<ReminderRow>> SqlStore::reminders(std::size_t limit) {
    return guarded(impl_->path, "list reminders", [&]() -> Result<std::vector<ReminderRow>> {
        ResetGuard guard(impl_->reminders);
        impl_->reminders.bind(1, sql::limit_of(limit));
        return impl_->read_reminders(impl_->reminders);
    });
}

Result<std::vector<ReminderRow>> SqlStore::to_settle() {
    return guarded(impl_->path, "list reminders to settle", [&]() -> Result<std::vector<ReminderRow>> {
        ResetGuard guard(impl_->to_settle);
        return impl_->read_reminders(impl_->to_settle);
    });
}

Result<ReminderRow> SqlStore::settle(std::int64_t id, ReminderState to, std::string_view note,
                                        std::string_view actor) {
    return guarded(impl_->path, "settle reminder", [&]() -> Result<ReminderRow> {
        Impl& im = *impl_;
        if (to != ReminderState::Sent && to != ReminderState::Failed) {
            return fail(ErrorCode::InvalidInput, "a reminder is settled as sent or to be retried");
        }
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        std::vector<ReminderRow> found;
        {
            ResetGuard guard(im.one_reminder);
            im.one_reminder.bind(1, id);
            auto rows = im.read_reminders(im.one_reminder);
            if (!rows) return unexpected(std::move(rows).error());
            found = std::move(*rows);
        }
        if (found.empty()) {
            return fail(ErrorCode::NotFound, "there is no reminder " + std::to_string(id) +
                                                 " (see `relance outbox --all`)");
        }
        ReminderRow row = std::move(found.front());
        if (row.state != ReminderState::Uncertain && row.state != ReminderState::Rejected &&
            row.state != ReminderState::Failed) {
            return fail(ErrorCode::Conflict, "reminder " + std::to_string(id) + " is " +
                                                 std::string(to_string(row.state)) +
                                                 ": only uncertain, rejected or failed ones are settled");
        }
        const std::string detail = std::string(to == ReminderState::Sent ? "confirmed sent by "
                                                                         : "to retry, by ") +
                                   std::string(actor) + (note.empty() ? "" : ": " + std::string(note));
        const std::string now = im.now_text();
        {
            Statement& st = im.set_state;
            ResetGuard guard(st);
            st.bind(1, to_string(to));
            st.bind(2, detail);
            st.bind(3, now);
            st.bind(4, id);
            if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        }
        const std::string what = "reminder " + std::to_string(id) + " (" + row.source + " " +
                                 row.invoice_number + " level " + std::to_string(row.level) + "): " +
                                 std::string(to_string(row.state)) + " -> " +
                                 std::string(to_string(to)) +
                                 (note.empty() ? "" : ": " + std::string(note));
        if (auto s = im.audit(actor, to == ReminderState::Sent ? "outbox confirm" : "outbox retry", what);
            !s) {
            return unexpected(std::move(s).error());
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        row.state = to;
        row.detail = detail;
        return row;
    });
}

// --- Runs and statistics ------------------------------------------------------------------------

Result<std::int64_t> SqlStore::begin_run(Date run_date, std::chrono::sys_seconds started_at) {
    return guarded(impl_->path, "begin run", [&]() -> Result<std::int64_t> {
        const std::string day = sql::date_text(run_date);
        const std::string started = sql::instant_text(started_at);
        Statement& st = impl_->run_begin;
        ResetGuard guard(st);
        st.bind(1, day);
        st.bind(2, started);
        if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        return impl_->conn.last_insert_id();
    });
}

Status SqlStore::finish_run(std::int64_t run_id, std::chrono::sys_seconds finished_at,
                               std::string_view status, std::string_view summary_json) {
    return guarded(impl_->path, "finish run " + std::to_string(run_id), [&]() -> Status {
        const std::string finished = sql::instant_text(finished_at);
        Statement& st = impl_->run_finish;
        ResetGuard guard(st);
        st.bind(1, run_id);
        st.bind(2, finished);
        st.bind(3, status);
        st.bind(4, summary_json);
        if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        if (impl_->conn.changes() == 0) return fail(ErrorCode::NotFound, "no such run");
        return ok();
    });
}

Result<std::vector<RunRecord>> SqlStore::runs(std::size_t limit) {
    return guarded(impl_->path, "list runs", [&]() -> Result<std::vector<RunRecord>> {
        Statement& st = impl_->runs;
        ResetGuard guard(st);
        st.bind(1, sql::limit_of(limit));
        std::vector<RunRecord> out;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) break;
            RunRecord& r = out.emplace_back();
            r.id = st.int64(0);
            const auto day = sql::parse_date_text(st.text(1));
            if (!day) return corrupt("runs", "run_date", st.text(1));
            r.run_date = *day;
            const auto started = sql::parse_instant_text(st.text(2));
            if (!started) return corrupt("runs", "started_at", st.text(2));
            r.started_at = *started;
            if (!st.is_null(3)) {
                const auto finished = sql::parse_instant_text(st.text(3));
                if (!finished) return corrupt("runs", "finished_at", st.text(3));
                r.finished_at = *finished;
            }
            r.status = st.text(4);
            r.summary_json = st.text(5);
        }
        return out;
    });
}

Status SqlStore::put_snapshot(Date day, std::span<const LevelSnapshot> rows) {
    const std::string day_text = sql::date_text(day);
    return guarded(impl_->path, "put snapshot of " + day_text, [&]() -> Status {
        Impl& im = *impl_;
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        {
            ResetGuard guard(im.snapshot_delete);
            im.snapshot_delete.bind(1, day_text);
            if (auto s = im.snapshot_delete.run(); !s) return unexpected(std::move(s).error());
        }
        for (const LevelSnapshot& row : rows) {
            Statement& st = im.snapshot_insert;
            ResetGuard guard(st);
            st.bind(1, day_text);
            st.bind(2, row.level);
            st.bind(3, row.currency);
            st.bind(4, row.count);
            st.bind(5, row.amount_minor);
            if (auto s = st.run(); !s) {
                return unexpected(std::move(s).error().with_context(
                    "level " + std::to_string(row.level) + " " + row.currency));
            }
        }
        return tx->commit();
    });
}

Result<std::vector<LevelSnapshot>> SqlStore::snapshot(Date day) {
    const std::string day_text = sql::date_text(day);
    return guarded(impl_->path, "read snapshot of " + day_text,
                   [&]() -> Result<std::vector<LevelSnapshot>> {
                       Statement& st = impl_->snapshot_select;
                       ResetGuard guard(st);
                       st.bind(1, day_text);
                       std::vector<LevelSnapshot> out;
                       for (;;) {
                           auto has = st.step();
                           if (!has) return unexpected(std::move(has).error());
                           if (!*has) break;
                           LevelSnapshot& s = out.emplace_back();
                           s.level = st.int32(0);
                           s.currency = st.text(1);
                           s.count = st.int64(2);
                           s.amount_minor = st.int64(3);
                       }
                       return out;
                   });
}

Result<std::vector<AuditEntry>> SqlStore::audit_log(std::size_t limit) {
    return guarded(impl_->path, "read audit log", [&]() -> Result<std::vector<AuditEntry>> {
        Statement& st = impl_->audit_select;
        ResetGuard guard(st);
        st.bind(1, sql::limit_of(limit));
        std::vector<AuditEntry> out;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) break;
            auto e = sql::read_audit_entry(st);
            if (!e) return unexpected(std::move(e).error());
            out.push_back(std::move(*e));
        }
        return out;
    });
}

// --- Dashboard reads (statistics.cpp) -----------------------------------------------------------

Result<Overview> SqlStore::overview(Date today) {
    return guarded(impl_->path, "read the overview of " + sql::date_text(today),
                   [&]() -> Result<Overview> { return sql::read_overview(impl_->conn, today); });
}

Result<std::vector<DaySnapshot>> SqlStore::snapshots(Date from, Date to) {
    return guarded(impl_->path, "read snapshots", [&]() -> Result<std::vector<DaySnapshot>> {
        return sql::read_snapshots(impl_->conn, from, to);
    });
}

Result<OverdueList> SqlStore::overdue(const OverdueFilter& filter, Date today) {
    return guarded(impl_->path, "list overdue invoices", [&]() -> Result<OverdueList> {
        auto tx = Transaction::begin_read(impl_->conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto holds = impl_->read_holds();
        if (!holds) return unexpected(std::move(holds).error());
        auto list = sql::read_overdue(impl_->conn, filter, today, *holds);
        if (!list) return list;
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return list;
    });
}

Result<InvoiceTimeline> SqlStore::timeline(std::string_view source, std::string_view number) {
    return guarded(impl_->path, "read invoice " + std::string(number),
                   [&]() -> Result<InvoiceTimeline> {
                       auto holds = impl_->read_holds();
                       if (!holds) return unexpected(std::move(holds).error());
                       return sql::read_timeline(impl_->conn, source, number, *holds);
                   });
}

Result<std::vector<ReminderRow>> SqlStore::reminders_of(std::string_view source,
                                                           std::string_view number) {
    return guarded(impl_->path, "list reminders of " + std::string(number),
                   [&]() -> Result<std::vector<ReminderRow>> {
                       auto st = impl_->conn.prepare(
                           std::string(kReminderColumns) +
                           "WHERE source = ?1 AND invoice_number = ?2 "
                           "ORDER BY planned_on, level, id");
                       if (!st) return unexpected(std::move(st).error());
                       st->bind(1, source);
                       st->bind(2, number);
                       return impl_->read_reminders(*st);
                   });
}

Status SqlStore::append_audit(std::string_view actor, std::string_view action,
                                 std::string_view detail) {
    return guarded(impl_->path, "write the audit log",
                   [&]() -> Status { return impl_->audit(actor, action, detail); });
}

// --- Daemon coordination ------------------------------------------------------------------------

Result<bool> SqlStore::try_lease(std::string_view name, std::string_view owner,
                                    std::chrono::sys_seconds now, std::chrono::seconds ttl) {
    return guarded(impl_->path, "take lease", [&]() -> Result<bool> {
        Impl& im = *impl_;
        auto tx = Transaction::begin(im.conn);  // BEGIN IMMEDIATE: one taker at a time
        if (!tx) return unexpected(std::move(tx).error());
        const std::string now_text = sql::instant_text(now);
        const std::string until = sql::instant_text(now + ttl);
        const std::string n(name);
        const std::string o(owner);
        auto st = im.conn.prepare(
            "INSERT INTO leases (name, owner, expires_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at "
            "WHERE leases.owner = excluded.owner OR leases.expires_at <= ?4");
        if (!st) return unexpected(std::move(st).error());
        st->bind(1, n);
        st->bind(2, o);
        st->bind(3, until);
        st->bind(4, now_text);
        if (auto s = st->run(); !s) return unexpected(std::move(s).error());
        const bool taken = im.conn.changes() > 0;
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return taken;
    });
}

Status SqlStore::release_lease(std::string_view name, std::string_view owner) {
    return guarded(impl_->path, "release lease", [&]() -> Status {
        const std::string n(name);
        const std::string o(owner);
        auto st = impl_->conn.prepare("DELETE FROM leases WHERE name = ?1 AND owner = ?2");
        if (!st) return unexpected(std::move(st).error());
        st->bind(1, n);
        st->bind(2, o);
        return st->run();
    });
}

Result<std::string> SqlStore::get_value(std::string_view key) {
    return guarded(impl_->path, "read value", [&]() -> Result<std::string> {
        const std::string k(key);
        auto st = impl_->conn.prepare("SELECT value FROM settings_kv WHERE \"key\" = ?1");
        if (!st) return unexpected(std::move(st).error());
        st->bind(1, k);
        auto row = st->step();
        if (!row) return unexpected(std::move(row).error());
        return *row ? std::string(st->text(0)) : std::string();
    });
}

Status SqlStore::put_value(std::string_view key, std::string_view value) {
    return guarded(impl_->path, "write value", [&]() -> Status {
        const std::string k(key);
        const std::string v(value);
        auto st = impl_->conn.prepare(
            "INSERT INTO settings_kv (\"key\", value) VALUES (?1, ?2) "
            "ON CONFLICT (\"key\") DO UPDATE SET value = excluded.value");
        if (!st) return unexpected(std::move(st).error());
        st->bind(1, k);
        st->bind(2, v);
        return st->run();
    });
}

}  // namespace relance
