// SPDX-License-Identifier: MIT
// SqliteStore on real files in a temp dir: the Store contract suite, then what only SQLite has
// (migrations, schema versions, unreadable files, locks held by another process, column types,
// UTC timestamps, the audit log) and the store's text codecs.
#include "adapters/store/sqlite/sqlite_store.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "adapters/store/sql/codec.h"
#include "adapters/store/sqlite/migrations.h"
#include "core/ports/clock.h"
#include "integration/store_contract.h"

namespace relance::test {
namespace {

using namespace std::chrono_literals;

struct SqliteFactory {
    static bool available() { return true; }
    static std::string skip_reason() { return {}; }
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir) {
        auto s = SqliteStore::open((dir / "relance.db").string());
        if (!s) return unexpected(std::move(s).error());
        return std::unique_ptr<Store>(std::move(*s));
    }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreContract, SqliteFactory);

namespace {

class FixedClock : public Clock {
public:
    explicit FixedClock(std::chrono::sys_seconds t) : t_(t) {}
    [[nodiscard]] std::chrono::sys_seconds now() const override { return t_; }
    void set(std::chrono::sys_seconds t) { t_ = t; }

private:
    std::chrono::sys_seconds t_;
};

/// A second, raw connection to the same file: what another process (or a person with the
/// sqlite3 shell) would see and do.
class RawDb {
public:
    explicit RawDb(const std::filesystem::path& path) {
        EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;
    ~RawDb() { sqlite3_close(db_); }

    int exec(const std::string& sql) {
        return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    }
    /// First column of the first row as text ("" when none or NULL).
    std::string text(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
            out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        } else {
            ADD_FAILURE() << "query failed: " << sql << ": " << sqlite3_errmsg(db_);
        }
        sqlite3_finalize(st);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_FALSE(sandbox_.path().empty()); }

    [[nodiscard]] std::filesystem::path db_path() const { return sandbox_.path() / "relance.db"; }
    std::unique_ptr<SqliteStore> open(SqliteOptions options = {}) {
        auto s = SqliteStore::open(db_path().string(), options);
        EXPECT_TRUE(s.has_value()) << describe(s.error());
        return s ? std::move(*s) : nullptr;
    }

    Sandbox sandbox_;
};

std::chrono::sys_seconds at(Date d, std::chrono::seconds time_of_day) {
    return std::chrono::sys_seconds{std::chrono::sys_days{d}} + time_of_day;
}

// --- Opening and migrations ---------------------------------------------------------------------

TEST_F(SqliteStoreTest, FreshFileGetsTheLatestSchemaInWalMode) {
    auto store = open();
    ASSERT_NE(store, nullptr);

    RawDb raw(db_path());

    EXPECT_TRUE(std::filesystem::exists(db_path()));
    EXPECT_EQ(SqliteStore::schema_version(), 6);
    EXPECT_EQ(raw.text("PRAGMA user_version"), "6");
    EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(
        raw.text("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                 "WHERE type = 'table' ORDER BY name)"),
        "alerts,audit_log,collection,customer_postal,customers,daily_snapshots,holds,invoice_history,"
        "invoices,leases,notice_deliveries,reminders,runs,settings_kv,syncs,tasks");
}

TEST_F(SqliteStoreTest, ReopeningAppliesNothingAndKeepsTheData) {
    {
        auto store = open();
        ASSERT_NE(store, nullptr);
        ASSERT_TRUE(store->apply_listing(a_listing("csv", {an_invoice("F-1")}), ymd(2026, 3, 20), 1)
                        .has_value());
    }
    RawDb(db_path()).exec("CREATE TABLE marker_of_no_rerun (x INTEGER)");

    auto store = open();
    ASSERT_NE(store, nullptr);
    auto again = open();  // a second process opening the same file at the same time
    ASSERT_NE(again, nullptr);

    RawDb raw(db_path());
    EXPECT_EQ(raw.text("PRAGMA user_version"), "6");
    EXPECT_EQ(raw.text("SELECT count(*) FROM invoices"), "1");
    EXPECT_EQ(raw.text("SELECT count(*) FROM sqlite_schema WHERE name = 'marker_of_no_rerun'"),
              "1");
    auto book = again->load_open_book();
    ASSERT_TRUE(book.has_value()) << describe(book.error());
    EXPECT_EQ(book->invoices.size(), 1u);
}

TEST_F(SqliteStoreTest, StoreWithANewerSchemaIsRefused) {
    { ASSERT_NE(open(), nullptr); }
    RawDb(db_path()).exec("PRAGMA user_version = 7");

    auto store = SqliteStore::open(db_path().string());

    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::Rejected);
    EXPECT_EQ(store.error().message,
              "store schema version 7 is newer than this relance (6): upgrade relance");
    EXPECT_EQ(describe(store.error()), "store " + db_path().string() +
                                           ": open: store schema version 7 is newer than this "
                                           "relance (6): upgrade relance");
    EXPECT_EQ(RawDb(db_path()).text("PRAGMA user_version"), "7");  // left as it was
}

// A store written by schema 1 (before the 'rejected' state) keeps its reminders and history.
TEST_F(SqliteStoreTest, SchemaOneStoreIsMigratedKeepingItsReminders) {
    {
        RawDb raw(db_path());
        ASSERT_EQ(raw.exec(std::string(sqlite::migrations()[0].sql)), SQLITE_OK);
        ASSERT_EQ(raw.exec("PRAGMA user_version = 1;"
                           "INSERT INTO invoices (source, number, customer_id, currency, total_minor,"
                           " status, first_seen_on) VALUES ('csv', 'F-1', 'C-1', 'EUR', 90000,"
                           " 'open', '2026-03-01');"
                           "INSERT INTO reminders (source, invoice_number, level, channel, state,"
                           " planned_on, run_id, amount_minor, currency, updated_at) VALUES"
                           " ('csv', 'F-1', 1, 'email', 'sent', '2026-04-07', 1, 90000, 'EUR',"
                           "  '2026-04-07T07:00:00Z'),"
                           " ('csv', 'F-1', 2, 'email', 'failed', '2026-04-15', 2, 90000, 'EUR',"
                           "  '2026-04-15T07:00:00Z');"),
                  SQLITE_OK);
    }

    auto store = open();
    ASSERT_NE(store, nullptr);

    RawDb raw(db_path());
    EXPECT_EQ(raw.text("PRAGMA user_version"), "6");
    EXPECT_EQ(raw.text("SELECT group_concat(level || ':' || state, ',') FROM "
                       "(SELECT level, state FROM reminders ORDER BY level)"),
              "1:sent,2:failed");
    EXPECT_EQ(raw.text("SELECT last_level || ' ' || last_contact FROM invoice_history"),
              "1 2026-04-07");
    auto rows = store->reminders(0);
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 2u);
    const std::int64_t failed_id = (*rows)[0].level == 2 ? (*rows)[0].id : (*rows)[1].id;
    const std::vector<std::int64_t> ids{failed_id};
    ASSERT_TRUE(store->set_state(ids, ReminderState::Rejected, {}).has_value());
    EXPECT_EQ(raw.text("SELECT state FROM reminders WHERE level = 2"), "rejected");
    EXPECT_EQ(raw.text("SELECT last_level FROM invoice_history"), "1");  // rejected: not counted
}

TEST_F(SqliteStoreTest, FileThatIsNotADatabaseIsAClearError) {
    {
        std::ofstream out(db_path(), std::ios::binary);
        for (int i = 0; i < 200; ++i)
            out << "invoice_number;total\nF-1;12,50\n";
    }

    auto store = SqliteStore::open(db_path().string());

    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::InvalidInput);
    const std::string text = describe(store.error());
    EXPECT_NE(text.find(db_path().string()), std::string::npos) << text;
    EXPECT_NE(text.find("not a SQLite database"), std::string::npos) << text;
}

TEST_F(SqliteStoreTest, SqliteDatabaseOfAnotherApplicationIsRefused) {
    RawDb(db_path()).exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");

    auto store = SqliteStore::open(db_path().string());

    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(describe(store.error()).find("not a relance store"), std::string::npos);
    EXPECT_EQ(RawDb(db_path()).text("PRAGMA journal_mode"), "delete");  // not even switched
}

TEST_F(SqliteStoreTest, DirectoryThatDoesNotExistIsAnErrorNamingThePath) {
    const std::string path = (sandbox_.path() / "no" / "such" / "dir" / "relance.db").string();

    auto store = SqliteStore::open(path);

    ASSERT_FALSE(store.has_value());
    EXPECT_NE(describe(store.error()).find(path), std::string::npos) << describe(store.error());
}

// --- Locks --------------------------------------------------------------------------------------

TEST_F(SqliteStoreTest, ListingWhileAnotherProcessHoldsTheLockIsUnavailableAndChangesNothing) {
    SqliteOptions options;
    options.busy_timeout = 50ms;
    auto store = open(options);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store
                    ->apply_listing(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2")}),
                                    ymd(2026, 3, 20), 1)
                    .has_value());
    RawDb other(db_path());
    ASSERT_EQ(other.exec("BEGIN IMMEDIATE"), SQLITE_OK);

    auto r = store->apply_listing(
        a_listing("csv", {an_invoice("F-1").paid(100), an_invoice("F-3")}), ymd(2026, 3, 21), 2);
    auto book_while_locked = store->load_open_book();  // WAL: readers are not blocked
    other.exec("ROLLBACK");

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
    EXPECT_TRUE(r.error().retryable());
    EXPECT_NE(describe(r.error()).find(db_path().string()), std::string::npos);
    ASSERT_TRUE(book_while_locked.has_value()) << describe(book_while_locked.error());
    EXPECT_EQ(book_while_locked->invoices.size(), 2u);
    RawDb raw(db_path());
    EXPECT_EQ(raw.text("SELECT group_concat(number || ':' || paid_minor || ':' || "
                       "coalesce(resolved_on, 'open'), ' ') FROM invoices"),
              "F-1:0:open F-2:0:open");
    auto retried = store->apply_listing(
        a_listing("csv", {an_invoice("F-1").paid(100), an_invoice("F-3")}), ymd(2026, 3, 21), 2);
    ASSERT_TRUE(retried.has_value()) << describe(retried.error());
    EXPECT_EQ(counts(*retried), counts(1, 1, 0, 1, 0));
}

TEST_F(SqliteStoreTest, ClaimWhileLockedIsUnavailable) {
    SqliteOptions options;
    options.busy_timeout = 20ms;
    auto store = open(options);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->apply_listing(a_listing("csv", {an_invoice("F-1")}), ymd(2026, 3, 20), 1)
                    .has_value());
    RawDb other(db_path());
    ASSERT_EQ(other.exec("BEGIN IMMEDIATE"), SQLITE_OK);
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21))};

    auto claimed = store->claim(rows);
    auto held = store->put_hold(Hold{HoldScope::Customer, "csv", "C-1", "x", {}, {}}, "alice");
    other.exec("ROLLBACK");

    ASSERT_FALSE(claimed.has_value());
    EXPECT_EQ(claimed.error().code, ErrorCode::Unavailable);
    ASSERT_FALSE(held.has_value());
    EXPECT_EQ(held.error().code, ErrorCode::Unavailable);
}

// --- What is written ----------------------------------------------------------------------------

TEST_F(SqliteStoreTest, MoneyIsIntegerMinorUnitsAndDatesAreIsoText) {
    auto store = open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(
        store
            ->apply_listing(a_listing("csv", {an_invoice("F-1").total(1234567, "KWD").paid(1)}),
                            ymd(2026, 3, 20), 9)
            .has_value());

    RawDb raw(db_path());

    EXPECT_EQ(raw.text("SELECT typeof(total_minor) || ' ' || total_minor || ' ' || paid_minor || "
                       "' ' || currency FROM invoices"),
              "integer 1234567 1 KWD");
    EXPECT_EQ(raw.text("SELECT issue_date || ' ' || due_date || ' ' || first_seen_on || ' ' || "
                       "coalesce(last_seen_run, 'latest') FROM invoices"),
              "2026-02-12 2026-03-14 2026-03-20 latest");
    EXPECT_EQ(raw.text("SELECT source || ' ' || run_id || ' ' || day FROM syncs"),
              "csv 9 2026-03-20");
    EXPECT_EQ(raw.text("SELECT emails FROM customers"), R"(["C-1@example.com"])");
    // STRICT tables: a REAL amount cannot even be written by hand.
    EXPECT_NE(raw.exec("UPDATE invoices SET total_minor = 12.5"), SQLITE_OK);
}

TEST_F(SqliteStoreTest, ResolutionIsRecordedWithDayAndLevel) {
    auto store = open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store
                    ->apply_listing(
                        a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-3")}),
                        ymd(2026, 3, 20), 1)
                    .has_value());
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21)),
                                     a_reminder("F-1", 2, ymd(2026, 3, 28))};
    ASSERT_TRUE(store->claim(rows).has_value());

    ASSERT_TRUE(store
                    ->apply_listing(a_listing("csv", {an_invoice("F-2").status(InvoiceStatus::Void),
                                                      an_invoice("F-3")}),
                                    ymd(2026, 4, 2), 2)
                    .has_value());

    RawDb raw(db_path());
    EXPECT_EQ(raw.text("SELECT group_concat(number || ':' || coalesce(resolved_on, '-') || ':' || "
                       "coalesce(resolution, '-') || ':' || coalesce(level_at_resolution, '-'), "
                       "' ') FROM invoices"),
              "F-1:2026-04-02:paid:2 F-2:2026-04-02:void:0 F-3:-:-:-");
    EXPECT_EQ(raw.text("SELECT inserted || updated || unchanged || resolved || reopened "
                       "FROM syncs ORDER BY id DESC LIMIT 1"),
              "01120");
}

TEST_F(SqliteStoreTest, TimestampsAreUtcWhateverTheLocalZone) {
    // CTest runs this with TZ=Pacific/Chatham (UTC+13:45 in March): 23:30Z is already the 15th
    // there, so any local-time leak shows.
    FixedClock clock(at(ymd(2026, 3, 14), 23h + 30min));
    SqliteOptions options;
    options.clock = &clock;
    auto store = open(options);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->apply_listing(a_listing("csv", {an_invoice("F-1")}), ymd(2026, 3, 14), 1)
                    .has_value());
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 14))};
    ASSERT_TRUE(store->claim(rows).has_value());
    auto run = store->begin_run(ymd(2026, 3, 15), at(ymd(2026, 3, 14), 23h + 59min + 59s));
    ASSERT_TRUE(run.has_value());

    clock.set(at(ymd(2026, 3, 15), 0s));
    const std::vector<std::int64_t> ids = {rows[0].id};
    ASSERT_TRUE(store->set_state(ids, ReminderState::Sent, {}).has_value());

    RawDb raw(db_path());
    EXPECT_EQ(raw.text("SELECT updated_at FROM reminders"), "2026-03-15T00:00:00Z");
    EXPECT_EQ(raw.text("SELECT run_date || ' ' || started_at FROM runs"),
              "2026-03-15 2026-03-14T23:59:59Z");
}

TEST_F(SqliteStoreTest, HoldChangesAreAudited) {
    FixedClock clock(at(ymd(2026, 3, 20), 9h));
    SqliteOptions options;
    options.clock = &clock;
    auto store = open(options);
    ASSERT_NE(store, nullptr);
    const Hold pause{HoldScope::Customer, "csv", "C-017", "negotiation", ymd(2026, 5, 12), {}};
    const Hold promise{HoldScope::Invoice, "csv", "F-42", "promise to pay", {}, ymd(2026, 3, 20)};
    ASSERT_TRUE(store->put_hold(pause, "alice").has_value());
    clock.set(at(ymd(2026, 3, 20), 9h + 1min));
    ASSERT_TRUE(store->put_hold(promise, "bob").has_value());
    ASSERT_TRUE(store->remove_hold(HoldScope::Invoice, "csv", "F-42", "bob").has_value());
    ASSERT_TRUE(store->remove_hold(HoldScope::Customer, "csv", "C-017", "carol").has_value());
    ASSERT_TRUE(store->remove_hold(HoldScope::Customer, "csv", "C-017", "carol").has_value());

    auto log = store->audit_log(0);
    auto last_two = store->audit_log(2);

    ASSERT_TRUE(log.has_value()) << describe(log.error());
    ASSERT_EQ(log->size(), 4u);  // the second resume lifted nothing: not audited
    const auto& e = *log;        // newest first
    EXPECT_EQ(e[3].at, at(ymd(2026, 3, 20), 9h));
    EXPECT_EQ(e[3].actor, "alice");
    EXPECT_EQ(e[3].action, "pause");
    EXPECT_EQ(e[3].detail, "customer csv/C-017: negotiation, until 2026-05-12");
    EXPECT_EQ(e[2].actor, "bob");
    EXPECT_EQ(e[2].action, "hold");
    EXPECT_EQ(e[2].detail, "invoice csv/F-42: promise to pay, since 2026-03-20");
    EXPECT_EQ(e[2].at, at(ymd(2026, 3, 20), 9h + 1min));
    EXPECT_EQ(e[1].action, "unhold");
    EXPECT_EQ(e[1].detail, "invoice csv/F-42");
    EXPECT_EQ(e[0].actor, "carol");
    EXPECT_EQ(e[0].action, "resume");
    EXPECT_EQ(e[0].detail, "customer csv/C-017");
    ASSERT_TRUE(last_two.has_value());
    EXPECT_EQ(last_two->size(), 2u);
}

TEST_F(SqliteStoreTest, HoldWithoutKeyIsInvalid) {
    auto store = open();
    ASSERT_NE(store, nullptr);

    auto r = store->put_hold(Hold{HoldScope::Customer, "csv", "", "x", {}, {}}, "alice");

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
}

TEST_F(SqliteStoreTest, CorruptValueInTheFileIsAnInternalErrorNotACrash) {
    auto store = open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->apply_listing(a_listing("csv", {an_invoice("F-1")}), ymd(2026, 3, 20), 1)
                    .has_value());
    RawDb(db_path()).exec("UPDATE invoices SET due_date = '14/03/2026'");

    auto book = store->load_open_book();

    ASSERT_FALSE(book.has_value());
    EXPECT_EQ(book.error().code, ErrorCode::Internal);
    EXPECT_NE(describe(book.error()).find("'14/03/2026' in invoices.due_date"), std::string::npos)
        << describe(book.error());
}

// --- Codecs -------------------------------------------------------------------------------------

TEST(SqliteCodecTest, DatesAndInstantsAreFixedWidthIsoText) {
    EXPECT_EQ(sql::date_text(ymd(2026, 3, 4)), "2026-03-04");
    EXPECT_EQ(sql::parse_date_text("2028-02-29"), ymd(2028, 2, 29));
    EXPECT_FALSE(sql::parse_date_text("2027-02-29").has_value());
    EXPECT_FALSE(sql::parse_date_text("2026-3-04").has_value());
    EXPECT_FALSE(sql::parse_date_text("2026-03-04 ").has_value());
    const auto t = at(ymd(1999, 12, 31), 23h + 59min + 58s);
    EXPECT_EQ(sql::instant_text(t), "1999-12-31T23:59:58Z");
    EXPECT_EQ(sql::parse_instant_text("1999-12-31T23:59:58Z"), t);
    EXPECT_EQ(sql::instant_text(std::chrono::sys_seconds{}), "1970-01-01T00:00:00Z");
    EXPECT_FALSE(sql::parse_instant_text("1999-12-31T24:00:00Z").has_value());
    EXPECT_FALSE(sql::parse_instant_text("1999-12-31 23:59:58").has_value());
}

TEST(SqliteCodecTest, StringListsAreJsonArrays) {
    const std::vector<std::string> items = {"a\"b", "c\\d", "tab\there", "é€𝄞", ""};

    const std::string json = sql::string_list_json(items);

    EXPECT_EQ(json, R"(["a\"b","c\\d","tab\u0009here","é€𝄞",""])");
    EXPECT_EQ(sql::parse_string_list_json(json), items);
    EXPECT_EQ(sql::parse_string_list_json(" [ ] "), std::vector<std::string>{});
    EXPECT_EQ(sql::parse_string_list_json(R"(["\u00e9\ud834\udd1e\n"])"),
              std::vector<std::string>{"é𝄞\n"});
    EXPECT_FALSE(sql::parse_string_list_json(R"(["a",])").has_value());
    EXPECT_FALSE(sql::parse_string_list_json(R"(["\ud834"])").has_value());
    EXPECT_FALSE(sql::parse_string_list_json("a;b").has_value());
}

}  // namespace
}  // namespace relance::test
