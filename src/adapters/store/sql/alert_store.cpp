// SPDX-License-Identifier: MIT
#include "adapters/store/sql/alert_store.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <limits>
#include <utility>

#include "adapters/store/sql/codec.h"
#include "adapters/store/sql/connection.h"
#include "adapters/store/sql/dialect.h"

namespace relance {

using sql::Connection;
using sql::ResetGuard;
using sql::Statement;
using sql::Transaction;

namespace {

constexpr std::string_view kAlertColumns =
    "SELECT id, kind, subject, occurrence, why, raised_on, run_id, title, reason, level, "
    "amount_minor, currency, total_minor, remindable, source, invoice_number, customer_id, "
    "customer_name, due_date, days_late, payment_link FROM alerts ";
// The latest occurrence of each (kind, subject). Not SQLite's "bare columns of max()" (which
// PostgreSQL rejects): the row whose occurrence is the highest of its (kind, subject), found
// through the UNIQUE (kind, subject, occurrence) index on both engines.
constexpr std::string_view kLatestAlerts =
    "SELECT a.kind, a.subject, a.occurrence, a.raised_on, a.level, a.amount_minor, a.currency "
    "FROM alerts a WHERE a.occurrence = (SELECT max(b.occurrence) FROM alerts b "
    "WHERE b.kind = a.kind AND b.subject = a.subject) ORDER BY a.kind, a.subject";
std::string alert_insert_sql(sql::Engine e) {
    return sql::insert_new(e, "alerts",
                           "kind, subject, occurrence, why, raised_on, run_id, title, reason, level, "
                           "amount_minor, currency, total_minor, remindable, source, invoice_number, "
                           "customer_id, customer_name, due_date, days_late, payment_link",
                           "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                           "?18, ?19, ?20",
                           "kind, subject, occurrence", "kind = ?1 AND subject = ?2 AND occurrence = ?3");
}
constexpr std::string_view kAlertId =
    "SELECT id FROM alerts WHERE kind = ?1 AND subject = ?2 AND occurrence = ?3";

constexpr std::string_view kTaskColumns =
    "SELECT id, kind, subject, title, detail, source, invoice_number, customer_id, customer_name, "
    "amount_minor, currency, due_date, level, created_on, run_id, done_on, note, actor FROM tasks ";
std::string task_insert_sql(sql::Engine e) {
    return sql::insert_new(e, "tasks",
                           "kind, subject, title, detail, source, invoice_number, customer_id, "
                           "customer_name, amount_minor, currency, due_date, level, created_on, run_id",
                           "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14", "kind, subject",
                           "kind = ?1 AND subject = ?2");
}
constexpr std::string_view kTaskId = "SELECT id FROM tasks WHERE kind = ?1 AND subject = ?2";
constexpr std::string_view kTaskClose =
    "UPDATE tasks SET done_on = ?2, note = ?3, actor = ?4 WHERE id = ?1 AND done_on IS NULL";

// The title comes from the alert or task the row delivers (for listings).
constexpr std::string_view kNoticeColumns = R"sql(
SELECT d.id, d.type, d.notice_id, d.channel, d.state, d.planned_on, d.run_id, d.attempts, d.detail,
    coalesce(CASE d.type WHEN 'alert' THEN (SELECT a.title || ': ' || a.reason FROM alerts a WHERE a.id = d.notice_id)
                         ELSE (SELECT t.title FROM tasks t WHERE t.id = d.notice_id) END, '')
FROM notice_deliveries d
)sql";
std::string notice_insert_sql(sql::Engine e) {
    return sql::insert_new(e, "notice_deliveries",
                           "type, notice_id, channel, state, planned_on, run_id, detail, updated_at",
                           "?1, ?2, ?3, 'planned', ?4, ?5, ?6, ?7", "type, notice_id, channel",
                           "type = ?1 AND notice_id = ?2 AND channel = ?3");
}
constexpr std::string_view kNoticeRetry = R"sql(
UPDATE notice_deliveries SET state = 'planned', planned_on = ?4, run_id = ?5, detail = ?6, updated_at = ?7
WHERE type = ?1 AND notice_id = ?2 AND channel = ?3 AND state = 'failed'
)sql";
constexpr std::string_view kNoticeId =
    "SELECT id FROM notice_deliveries WHERE type = ?1 AND notice_id = ?2 AND channel = ?3";
constexpr std::string_view kNoticeState = R"sql(
UPDATE notice_deliveries SET state = ?1, detail = coalesce(?2, detail), updated_at = ?3,
    attempts = attempts + (CASE WHEN ?1 = 'sending' THEN 1 ELSE 0 END)
WHERE id = ?4
)sql";

constexpr std::string_view kPasses =
    "SELECT id, run_date, started_at, finished_at, status, summary_json FROM runs "
    "ORDER BY id DESC LIMIT ?1";
// The first invoice of a new customer: the only one the store ever knew for that customer.
constexpr std::string_view kOnlyInvoices =
    "SELECT source, min(number) FROM invoices GROUP BY source, customer_id HAVING count(*) = 1";
constexpr std::string_view kAudit =
    "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)";

Unexpected unreadable(std::string_view where, std::string_view value) {
    return fail(ErrorCode::Internal, "unreadable value '" + std::string(value) + "' in " + std::string(where));
}

// A column that holds a currency code and the amounts that go with it.
Result<Money> money_at(const Statement& st, int minor_column, int currency_column, std::string_view where) {
    auto currency = Currency::from_code(st.text(currency_column));
    if (!currency) return unreadable(where, st.text(currency_column));
    return Money{st.int64(minor_column), *currency};
}

Result<std::optional<Date>> optional_date(const Statement& st, int column, std::string_view where) {
    if (st.is_null(column)) return std::optional<Date>{};
    auto d = sql::parse_date_text(st.text(column));
    if (!d) return unreadable(where, st.text(column));
    return std::optional<Date>{*d};
}

Result<Date> date_at(const Statement& st, int column, std::string_view where) {
    auto d = sql::parse_date_text(st.text(column));
    if (!d) return unreadable(where, st.text(column));
    return *d;
}

std::optional<RaiseReason> parse_why(std::string_view s) {
    for (RaiseReason r : {RaiseReason::New, RaiseReason::Worse, RaiseReason::Reminder}) {
        if (to_string(r) == s) return r;
    }
    return std::nullopt;
}

// Reads one JSON string token at `i` (which points at the opening quote); moves `i` past it.
std::optional<std::string> json_string(std::string_view s, std::size_t& i) {
    if (i >= s.size() || s[i] != '"') return std::nullopt;
    std::string out;
    for (++i; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            ++i;
            return out;
        }
        if (c == '\\' && i + 1 < s.size()) {
            const char e = s[++i];
            if (e == 'n' || e == 'r' || e == 't') {
                out += ' ';
            } else if (e == 'u') {
                i += 4;  // control characters only (the writer escapes nothing else this way)
                out += ' ';
            } else {
                out += e;
            }
        } else {
            out += c;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string source_problems_of_summary(std::string_view summary) {
    constexpr std::string_view kKey = "\"source_errors\":{";
    const auto at = summary.find(kKey);
    if (at == std::string_view::npos) return {};
    std::size_t i = at + kKey.size();
    std::string out;
    while (i < summary.size() && summary[i] == '"') {
        auto name = json_string(summary, i);
        if (!name || i >= summary.size() || summary[i] != ':') break;
        ++i;
        auto why = json_string(summary, i);
        if (!why) break;
        out += (out.empty() ? "" : "; ") + std::string("source ") + *name + " could not be read: " + *why;
        if (i < summary.size() && summary[i] == ',') ++i;
    }
    return out;
}

struct SqlAlertStore::Impl {
    std::string path;
    const Clock* clock = nullptr;
    Connection conn;
    Statement latest_alerts, alert_insert, alert_id, alerts, one_alert, task_insert, task_id, tasks_open,
        tasks_all, one_task, task_close, notice_insert, notice_retry, notice_id, notice_state,
        notices_in, notices, one_notice, passes, only_invoices, audit;

    Status prepare_all() {
        const auto join = [](std::string_view a, std::string_view b) { return std::string(a) + std::string(b); };
        const std::string alerts_sql = join(kAlertColumns, "ORDER BY id DESC LIMIT ?1");
        const std::string one_alert_sql = join(kAlertColumns, "WHERE id = ?1");
        const std::string tasks_open_sql = join(kTaskColumns, "WHERE done_on IS NULL ORDER BY id");
        const std::string tasks_all_sql = join(kTaskColumns, "ORDER BY id");
        const std::string one_task_sql = join(kTaskColumns, "WHERE id = ?1");
        const std::string notices_in_sql = join(kNoticeColumns, "WHERE d.state = ?1 ORDER BY d.id");
        const std::string notices_sql = join(kNoticeColumns, "ORDER BY d.id DESC LIMIT ?1");
        const std::string one_notice_sql = join(kNoticeColumns, "WHERE d.id = ?1");
        const std::string alert_insert_sql_text = alert_insert_sql(conn.engine());
        const std::string task_insert_sql_text = task_insert_sql(conn.engine());
        const std::string notice_insert_sql_text = notice_insert_sql(conn.engine());
        const std::pair<Statement*, std::string_view> all[] = {
            {&latest_alerts, kLatestAlerts}, {&alert_insert, alert_insert_sql_text}, {&alert_id, kAlertId},
            {&alerts, alerts_sql},           {&one_alert, one_alert_sql},   {&task_insert, task_insert_sql_text},
            {&task_id, kTaskId},             {&tasks_open, tasks_open_sql}, {&tasks_all, tasks_all_sql},
            {&one_task, one_task_sql},       {&task_close, kTaskClose},     {&notice_insert, notice_insert_sql_text},
            {&notice_retry, kNoticeRetry},   {&notice_id, kNoticeId},       {&notice_state, kNoticeState},
            {&notices_in, notices_in_sql},   {&notices, notices_sql},       {&one_notice, one_notice_sql},
            {&passes, kPasses},              {&only_invoices, kOnlyInvoices}, {&audit, kAudit},
        };
        for (const auto& [stmt, sql] : all) {
            auto prepared = conn.prepare(sql);
            if (!prepared) return unexpected(std::move(prepared).error());
            *stmt = std::move(*prepared);
        }
        return ok();
    }

    [[nodiscard]] std::string now_text() const {
        const auto now = clock != nullptr
                             ? clock->now()
                             : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        return sql::instant_text(now);
    }

    /// Runs `body`; errors get `what` and the path as context; no exception escapes.
    template <class R, class F>
    R run(std::string_view what, F&& body) {
        R result = [&]() -> R {
            try {
                return body();
            } catch (const std::exception& e) {
                return fail(ErrorCode::Internal, e.what());
            } catch (...) {
                return fail(ErrorCode::Internal, "unknown exception");
            }
        }();
        if (result) return result;
        return unexpected(std::move(result).error().with_context(std::string(what)).with_context("store " + path));
    }

    Result<AlertNotice> read_alert(const Statement& st) {
        AlertNotice n;
        n.id = st.int64(0);
        AlertCandidate& a = n.alert;
        a.kind = st.text(1);
        a.subject = st.text(2);
        n.occurrence = st.int32(3);
        const auto why = parse_why(st.text(4));
        if (!why) return unreadable("alerts.why", st.text(4));
        n.why = *why;
        auto raised = date_at(st, 5, "alerts.raised_on");
        if (!raised) return unexpected(std::move(raised).error());
        n.raised_on = *raised;
        n.run_id = st.int64(6);
        a.title = st.text(7);
        a.reason = st.text(8);
        a.level = st.int32(9);
        auto amount = money_at(st, 10, 11, "alerts.currency");
        if (!amount) return unexpected(std::move(amount).error());
        a.amount = *amount;
        a.total = Money{st.int64(12), amount->currency()};
        a.remindable = st.int64(13) != 0;
        a.source = st.text(14);
        a.invoice_number = st.text(15);
        a.customer_id = st.text(16);
        a.customer_name = st.text(17);
        auto due = optional_date(st, 18, "alerts.due_date");
        if (!due) return unexpected(std::move(due).error());
        a.due_date = *due;
        a.days_late = st.int32(19);
        a.payment_link = st.text(20);
        return n;
    }

    Result<TaskRecord> read_task(const Statement& st) {
        TaskRecord r;
        r.id = st.int64(0);
        auto kind = parse_task_kind(st.text(1));
        if (!kind) return unreadable("tasks.kind", st.text(1));
        TaskCandidate& t = r.task;
        t.kind = *kind;
        t.subject = st.text(2);
        t.title = st.text(3);
        t.detail = st.text(4);
        t.source = st.text(5);
        t.invoice_number = st.text(6);
        t.customer_id = st.text(7);
        t.customer_name = st.text(8);
        auto amount = money_at(st, 9, 10, "tasks.currency");
        if (!amount) return unexpected(std::move(amount).error());
        t.amount_due = *amount;
        auto due = optional_date(st, 11, "tasks.due_date");
        if (!due) return unexpected(std::move(due).error());
        t.due_date = *due;
        t.level = st.int32(12);
        auto created = date_at(st, 13, "tasks.created_on");
        if (!created) return unexpected(std::move(created).error());
        r.created_on = *created;
        r.run_id = st.int64(14);
        auto done = optional_date(st, 15, "tasks.done_on");
        if (!done) return unexpected(std::move(done).error());
        r.done_on = *done;
        r.done = r.done_on.has_value();
        r.note = st.text(16);
        r.actor = st.text(17);
        return r;
    }

    Result<NoticeDelivery> read_notice(const Statement& st) {
        NoticeDelivery d;
        d.id = st.int64(0);
        d.type = st.text(1) == "task" ? NoticeType::Task : NoticeType::Alert;
        d.notice_id = st.int64(2);
        d.channel = st.text(3);
        const auto state = sql::parse_reminder_state(st.text(4));
        if (!state) return unreadable("notice_deliveries.state", st.text(4));
        d.state = *state;
        auto planned = date_at(st, 5, "notice_deliveries.planned_on");
        if (!planned) return unexpected(std::move(planned).error());
        d.planned_on = *planned;
        d.run_id = st.int64(6);
        d.attempts = st.int32(7);
        d.detail = st.text(8);
        d.title = st.text(9);
        return d;
    }

    /// Every row of `st` (already bound) through `read`.
    template <class T, class Read>
    Result<std::vector<T>> read_all(Statement& st, Read read) {
        std::vector<T> out;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) return out;
            auto row = (this->*read)(st);
            if (!row) return unexpected(std::move(row).error());
            out.push_back(std::move(*row));
        }
    }

    /// The one row of `st` bound to an id, or NotFound.
    template <class T, class Read>
    Result<T> read_one(Statement& st, std::int64_t id, Read read, std::string_view what) {
        ResetGuard guard(st);
        st.bind(1, id);
        auto rows = read_all<T>(st, read);
        if (!rows) return unexpected(std::move(rows).error());
        if (rows->empty()) return fail(ErrorCode::NotFound, "there is no " + std::string(what) + " " + std::to_string(id));
        return std::move(rows->front());
    }

    Status audit_row(std::string_view actor, std::string_view action, std::string_view detail) {
        const std::string at = now_text();
        ResetGuard guard(audit);
        audit.bind(1, at);
        audit.bind(2, actor);
        audit.bind(3, action);
        audit.bind(4, detail);
        return audit.run();
    }

    /// A Planned delivery of one new alert or task to each channel (inside the caller's transaction).
    Status plan_deliveries(NoticeType type, std::int64_t notice, std::span<const std::string> channels,
                           Date on, std::int64_t run_id) {
        const std::string word(to_string(type));
        const std::string day = sql::date_text(on);
        const std::string now = now_text();
        for (const std::string& channel : channels) {
            ResetGuard guard(notice_insert);
            notice_insert.bind(1, word);
            notice_insert.bind(2, notice);
            notice_insert.bind(3, channel);
            notice_insert.bind(4, day);
            notice_insert.bind(5, run_id);
            notice_insert.bind(6, "");
            notice_insert.bind(7, now);
            if (auto s = notice_insert.run(); !s) return s;
        }
        return ok();
    }

    /// The id of the row a unique key designates (after an INSERT ... DO NOTHING).
    Result<std::int64_t> id_of(Statement& st, const std::function<void(Statement&)>& bind, std::string_view what) {
        ResetGuard guard(st);
        bind(st);
        auto has = st.step();
        if (!has) return unexpected(std::move(has).error());
        if (!*has) return fail(ErrorCode::Internal, std::string(what) + ": neither inserted nor found");
        return st.int64(0);
    }
};

SqlAlertStore::SqlAlertStore(sql::Connection conn, const Clock* clock, std::string label)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(label);
    impl_->clock = clock;
    impl_->conn = std::move(conn);
}
SqlAlertStore::~SqlAlertStore() = default;

Status SqlAlertStore::prepare() {
    return impl_->run<Status>("open alert tables", [&]() { return impl_->prepare_all(); });
}

// --- Alerts -------------------------------------------------------------------------------------

Result<std::vector<AlertRecord>> SqlAlertStore::latest_alerts() {
    Impl& im = *impl_;
    return im.run<Result<std::vector<AlertRecord>>>("read alerts", [&]() -> Result<std::vector<AlertRecord>> {
        Statement& st = im.latest_alerts;
        ResetGuard guard(st);
        std::vector<AlertRecord> out;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) return out;
            AlertRecord& r = out.emplace_back();
            r.kind = st.text(0);
            r.subject = st.text(1);
            r.occurrence = st.int32(2);
            auto raised = date_at(st, 3, "alerts.raised_on");
            if (!raised) return unexpected(std::move(raised).error());
            r.raised_on = *raised;
            r.level = st.int32(4);
            auto amount = money_at(st, 5, 6, "alerts.currency");
            if (!amount) return unexpected(std::move(amount).error());
            r.amount = *amount;
        }
    });
}

Result<std::vector<bool>> SqlAlertStore::record_alerts(std::span<AlertNotice> alerts,
                                                          std::span<const std::string> channels) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<bool>>>("record alerts", [&]() -> Result<std::vector<bool>> {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        std::vector<bool> inserted;
        for (AlertNotice& n : alerts) {
            const AlertCandidate& a = n.alert;
            const std::string raised = sql::date_text(n.raised_on);
            const std::optional<std::string> due = sql::date_text(a.due_date);
            const Currency currency = a.amount.currency();
            const std::string why(to_string(n.why));
            Statement& st = im.alert_insert;
            {
                ResetGuard guard(st);
                st.bind(1, a.kind);
                st.bind(2, a.subject);
                st.bind(3, n.occurrence);
                st.bind(4, why);
                st.bind(5, raised);
                st.bind(6, n.run_id);
                st.bind(7, a.title);
                st.bind(8, a.reason);
                st.bind(9, a.level);
                st.bind(10, a.amount.minor());
                st.bind(11, currency.code());
                st.bind(12, a.total.minor());
                st.bind(13, a.remindable ? 1 : 0);
                st.bind(14, a.source);
                st.bind(15, a.invoice_number);
                st.bind(16, a.customer_id);
                st.bind(17, a.customer_name);
                st.bind_optional(18, due);
                st.bind(19, a.days_late);
                st.bind(20, a.payment_link);
                if (auto s = st.run(); !s) return unexpected(std::move(s).error().with_context(a.kind + " " + a.subject));
            }
            inserted.push_back(im.conn.changes() == 1);
            if (inserted.back()) {
                auto new_id = im.conn.last_insert_id();
                if (!new_id) return unexpected(std::move(new_id).error());
                n.id = *new_id;
                if (auto s = im.plan_deliveries(NoticeType::Alert, n.id, channels, n.raised_on, n.run_id); !s) {
                    return unexpected(std::move(s).error());
                }
                continue;
            }
            auto id = im.id_of(im.alert_id, [&](Statement& s) {
                s.bind(1, a.kind);
                s.bind(2, a.subject);
                s.bind(3, n.occurrence);
            }, "alert " + a.kind + " " + a.subject);
            if (!id) return unexpected(std::move(id).error());
            n.id = *id;
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return inserted;
    });
}

Result<std::vector<AlertNotice>> SqlAlertStore::alerts(std::size_t limit) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<AlertNotice>>>("list alerts", [&]() -> Result<std::vector<AlertNotice>> {
        ResetGuard guard(im.alerts);
        im.alerts.bind(1, sql::limit_of(limit));
        return im.read_all<AlertNotice>(im.alerts, &Impl::read_alert);
    });
}

Result<AlertNotice> SqlAlertStore::alert(std::int64_t id) {
    Impl& im = *impl_;
    return im.run<Result<AlertNotice>>("read alert", [&]() {
        return im.read_one<AlertNotice>(im.one_alert, id, &Impl::read_alert, "alert");
    });
}

// --- Tasks --------------------------------------------------------------------------------------

Result<std::vector<bool>> SqlAlertStore::open_tasks(std::span<TaskRecord> tasks,
                                                       std::span<const std::string> channels) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<bool>>>("create tasks", [&]() -> Result<std::vector<bool>> {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        std::vector<bool> created;
        for (TaskRecord& r : tasks) {
            const TaskCandidate& t = r.task;
            const std::string kind(to_string(t.kind));
            const std::string on = sql::date_text(r.created_on);
            const std::optional<std::string> due = sql::date_text(t.due_date);
            const Currency currency = t.amount_due.currency();
            {
                Statement& st = im.task_insert;
                ResetGuard guard(st);
                st.bind(1, kind);
                st.bind(2, t.subject);
                st.bind(3, t.title);
                st.bind(4, t.detail);
                st.bind(5, t.source);
                st.bind(6, t.invoice_number);
                st.bind(7, t.customer_id);
                st.bind(8, t.customer_name);
                st.bind(9, t.amount_due.minor());
                st.bind(10, currency.code());
                st.bind_optional(11, due);
                st.bind(12, t.level);
                st.bind(13, on);
                st.bind(14, r.run_id);
                if (auto s = st.run(); !s) return unexpected(std::move(s).error().with_context(kind + " " + t.subject));
            }
            created.push_back(im.conn.changes() == 1);
            if (created.back()) {
                auto new_id = im.conn.last_insert_id();
                if (!new_id) return unexpected(std::move(new_id).error());
                r.id = *new_id;
                if (auto s = im.plan_deliveries(NoticeType::Task, r.id, channels, r.created_on, r.run_id); !s) {
                    return unexpected(std::move(s).error());
                }
                continue;
            }
            auto id = im.id_of(im.task_id, [&](Statement& s) {
                s.bind(1, kind);
                s.bind(2, t.subject);
            }, "task " + kind + " " + t.subject);
            if (!id) return unexpected(std::move(id).error());
            r.id = *id;
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return created;
    });
}

Result<std::vector<TaskRecord>> SqlAlertStore::tasks(bool with_done) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<TaskRecord>>>("list tasks", [&]() -> Result<std::vector<TaskRecord>> {
        Statement& st = with_done ? im.tasks_all : im.tasks_open;
        ResetGuard guard(st);
        return im.read_all<TaskRecord>(st, &Impl::read_task);
    });
}

Result<TaskRecord> SqlAlertStore::task(std::int64_t id) {
    Impl& im = *impl_;
    return im.run<Result<TaskRecord>>("read task", [&]() {
        return im.read_one<TaskRecord>(im.one_task, id, &Impl::read_task, "task");
    });
}

Result<TaskRecord> SqlAlertStore::close_task(std::int64_t id, Date on, std::string_view note,
                                                std::string_view actor) {
    Impl& im = *impl_;
    return im.run<Result<TaskRecord>>("close task", [&]() -> Result<TaskRecord> {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto task = im.read_one<TaskRecord>(im.one_task, id, &Impl::read_task, "task");
        if (!task) {
            if (task.error().code == ErrorCode::NotFound) task.error().message += " (see `relance tasks --all`)";
            return task;
        }
        if (task->done) {
            return fail(ErrorCode::Conflict, "task " + std::to_string(id) + " was already done on " +
                                                 to_iso(*task->done_on) + " by " + task->actor);
        }
        const std::string day = sql::date_text(on);
        {
            Statement& st = im.task_close;
            ResetGuard guard(st);
            st.bind(1, id);
            st.bind(2, day);
            st.bind(3, note);
            st.bind(4, actor);
            if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        }
        const std::string what = "task " + std::to_string(id) + " (" + std::string(to_string(task->task.kind)) +
                                 " " + task->task.subject + ") done" + (note.empty() ? "" : ": " + std::string(note));
        if (auto s = im.audit_row(actor, "task done", what); !s) return unexpected(std::move(s).error());
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        task->done = true;
        task->done_on = on;
        task->note = std::string(note);
        task->actor = std::string(actor);
        return task;
    });
}

// --- Notice outbox ------------------------------------------------------------------------------

Result<std::vector<bool>> SqlAlertStore::claim_notices(std::span<NoticeDelivery> rows) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<bool>>>("claim notices", [&]() -> Result<std::vector<bool>> {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        const std::string now = im.now_text();
        std::vector<bool> claimed;
        for (NoticeDelivery& row : rows) {
            const std::string type(to_string(row.type));
            const std::string planned = sql::date_text(row.planned_on);
            const auto bind_row = [&](Statement& st) {
                st.bind(1, type);
                st.bind(2, row.notice_id);
                st.bind(3, row.channel);
                st.bind(4, planned);
                st.bind(5, row.run_id);
                st.bind(6, row.detail);
                st.bind(7, now);
            };
            const std::string what = type + " " + std::to_string(row.notice_id) + " to " + row.channel;
            bool took = false;
            for (Statement* st : {&im.notice_insert, &im.notice_retry}) {
                ResetGuard guard(*st);
                bind_row(*st);
                if (auto s = st->run(); !s) return unexpected(std::move(s).error().with_context(what));
                if (im.conn.changes() == 1) {
                    took = true;
                    break;
                }
            }
            auto id = im.id_of(im.notice_id, [&](Statement& s) {
                s.bind(1, type);
                s.bind(2, row.notice_id);
                s.bind(3, row.channel);
            }, what);
            if (!id) return unexpected(std::move(id).error());
            row.id = *id;
            if (took) row.state = ReminderState::Planned;
            claimed.push_back(took);
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return claimed;
    });
}

Status SqlAlertStore::set_notice_state(std::span<const std::int64_t> ids, ReminderState state,
                                          std::span<const std::string> details) {
    Impl& im = *impl_;
    return im.run<Status>("set notice state", [&]() -> Status {
        if (!details.empty() && details.size() != ids.size()) {
            return fail(ErrorCode::InvalidInput, "one detail per notice delivery, or none");
        }
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        const std::string now = im.now_text();
        const std::string word(to_string(state));
        for (std::size_t i = 0; i < ids.size(); ++i) {
            Statement& st = im.notice_state;
            ResetGuard guard(st);
            st.bind(1, word);
            if (details.empty()) {
                st.bind_null(2);
            } else {
                st.bind(2, details[i]);
            }
            st.bind(3, now);
            st.bind(4, ids[i]);
            if (auto s = st.run(); !s) return s;
            if (im.conn.changes() == 0) {
                return fail(ErrorCode::NotFound, "notice delivery " + std::to_string(ids[i]) + " does not exist");
            }
        }
        return tx->commit();
    });
}

Result<std::vector<NoticeDelivery>> SqlAlertStore::notices_in(ReminderState state) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<NoticeDelivery>>>("list notice deliveries", [&]() -> Result<std::vector<NoticeDelivery>> {
        const std::string word(to_string(state));
        ResetGuard guard(im.notices_in);
        im.notices_in.bind(1, word);
        return im.read_all<NoticeDelivery>(im.notices_in, &Impl::read_notice);
    });
}

Result<std::vector<NoticeDelivery>> SqlAlertStore::notices(std::size_t limit) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<NoticeDelivery>>>("list notice deliveries", [&]() -> Result<std::vector<NoticeDelivery>> {
        ResetGuard guard(im.notices);
        im.notices.bind(1, sql::limit_of(limit));
        return im.read_all<NoticeDelivery>(im.notices, &Impl::read_notice);
    });
}

Result<NoticeDelivery> SqlAlertStore::settle_notice(std::int64_t id, ReminderState to, std::string_view note,
                                                       std::string_view actor) {
    Impl& im = *impl_;
    return im.run<Result<NoticeDelivery>>("settle notice delivery", [&]() -> Result<NoticeDelivery> {
        if (to != ReminderState::Sent && to != ReminderState::Failed) {
            return fail(ErrorCode::InvalidInput, "a delivery is settled as sent or to be retried");
        }
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto row = im.read_one<NoticeDelivery>(im.one_notice, id, &Impl::read_notice, "alert delivery");
        if (!row) return row;
        if (row->state != ReminderState::Uncertain && row->state != ReminderState::Rejected &&
            row->state != ReminderState::Failed) {
            return fail(ErrorCode::Conflict, "delivery " + std::to_string(id) + " is " +
                                                 std::string(to_string(row->state)) +
                                                 ": only uncertain, rejected or failed ones are settled");
        }
        const std::string detail = std::string(to == ReminderState::Sent ? "confirmed sent by " : "to retry, by ") +
                                   std::string(actor) + (note.empty() ? "" : ": " + std::string(note));
        const std::string word(to_string(to));
        const std::string now = im.now_text();
        {
            Statement& st = im.notice_state;
            ResetGuard guard(st);
            st.bind(1, word);
            st.bind(2, detail);
            st.bind(3, now);
            st.bind(4, id);
            if (auto s = st.run(); !s) return unexpected(std::move(s).error());
        }
        const std::string what = "delivery " + std::to_string(id) + " (" + std::string(to_string(row->type)) + " " +
                                 std::to_string(row->notice_id) + " to " + row->channel + "): " +
                                 std::string(to_string(row->state)) + " -> " + word +
                                 (note.empty() ? "" : ": " + std::string(note));
        if (auto s = im.audit_row(actor, to == ReminderState::Sent ? "alerts confirm" : "alerts retry", what); !s) {
            return unexpected(std::move(s).error());
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        row->state = to;
        row->detail = detail;
        return row;
    });
}

// --- What the rules read ------------------------------------------------------------------------

Result<std::vector<PassRecord>> SqlAlertStore::passes(std::size_t limit) {
    Impl& im = *impl_;
    return im.run<Result<std::vector<PassRecord>>>("list passes", [&]() -> Result<std::vector<PassRecord>> {
        Statement& st = im.passes;
        ResetGuard guard(st);
        st.bind(1, sql::limit_of(limit));
        std::vector<PassRecord> out;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) return out;
            PassRecord& p = out.emplace_back();
            p.id = st.int64(0);
            auto day = date_at(st, 1, "runs.run_date");
            if (!day) return unexpected(std::move(day).error());
            p.run_date = *day;
            const auto started = sql::parse_instant_text(st.text(2));
            if (!started) return unreadable("runs.started_at", st.text(2));
            p.started_at = *started;
            if (!st.is_null(3)) {
                const auto finished = sql::parse_instant_text(st.text(3));
                if (!finished) return unreadable("runs.finished_at", st.text(3));
                p.finished_at = *finished;
            }
            p.status = st.text(4);
            p.problem = source_problems_of_summary(st.text(5));
        }
    });
}

Result<InvoiceKeySet> SqlAlertStore::only_invoices() {
    Impl& im = *impl_;
    return im.run<Result<InvoiceKeySet>>("find new customers", [&]() -> Result<InvoiceKeySet> {
        Statement& st = im.only_invoices;
        ResetGuard guard(st);
        InvoiceKeySet out;
        for (;;) {
            auto has = st.step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) return out;
            out.insert(invoice_key(st.text(0), st.text(1)));
        }
    });
}

}  // namespace relance
