// SPDX-License-Identifier: MIT
// PostgresStore on the server of RELANCE_TEST_PG, one fresh tenant schema per test: the Store
// contract suite, then what only PostgreSQL has (migrate from empty, a schema newer than the
// binary, an unreachable server, passwords kept out of errors, tenants). Skipped, with the
// reason, when no server is given or it does not answer.
#include "adapters/store/postgres/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "adapters/store/postgres/migrations.h"
#include "adapters/store/postgres/pg_connection.h"
#include "adapters/store/postgres/pq.h"
#include "adapters/store/sql/connection.h"
#include "adapters/store/sqlite/migrations.h"
#include "adapters/store/sqlite/sqlite_store.h"
#include "core/time/date.h"
#include "integration/store_contract.h"
#include "testing/pg.h"

namespace relance::test {
namespace {

struct PostgresFactory {
    static bool available() { return pg_unavailable_reason().empty(); }
    static std::string skip_reason() { return pg_unavailable_reason(); }
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& dir) {
        // One tenant per sandbox: opening the same dir again opens the same store.
        static std::map<std::string, std::string> tenants;
        auto [it, is_new] = tenants.try_emplace(dir.string());
        PostgresOptions options;
        if (is_new) {
            it->second = pg_fresh_tenant();
            options.tenant = it->second;
            auto migrated = PostgresStore::migrate(pg_url(), options);
            if (!migrated) return unexpected(std::move(migrated).error());
        }
        options.tenant = it->second;
        auto s = PostgresStore::open(pg_url(), options);
        if (!s) return unexpected(std::move(s).error());
        return std::unique_ptr<Store>(std::move(*s));
    }
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreContract, PostgresFactory);

namespace {

class PostgresOnlyTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!pg_unavailable_reason().empty()) GTEST_SKIP() << pg_unavailable_reason();
        options.tenant = pg_fresh_tenant();
    }
    [[nodiscard]] std::string schema() const { return "tenant_" + options.tenant; }
    PostgresOptions options;
};

TEST(PostgresMigrationsTest, HaveTheSameVersionsAndNamesAsSqlite) {
    const auto pg = pq::migrations();
    const auto lite = sqlite::migrations();

    ASSERT_EQ(pg.size(), lite.size());
    for (std::size_t i = 0; i < pg.size(); ++i) {
        EXPECT_EQ(pg[i].version, lite[i].version);
        EXPECT_EQ(pg[i].name, lite[i].name);
    }
    EXPECT_EQ(PostgresStore::schema_version(), 6);
}

TEST_F(PostgresOnlyTest, MigrateFromEmptyCreatesTheSchemaAndReportsFromTo) {
    auto first = PostgresStore::migrate(pg_url(), options);
    auto second = PostgresStore::migrate(pg_url(), options);

    ASSERT_TRUE(first.has_value()) << first.error().describe();
    EXPECT_EQ(first->from, 0);
    EXPECT_EQ(first->to, 6);
    ASSERT_TRUE(second.has_value()) << second.error().describe();
    EXPECT_EQ(second->from, 6);
    EXPECT_EQ(second->to, 6);
    EXPECT_EQ(pg_value("SELECT version FROM " + schema() + ".relance_schema"), "6");
    EXPECT_EQ(pg_value("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema() +
                       "' AND tablename = 'reminders'"),
              "1");
}

TEST_F(PostgresOnlyTest, OpenRefusesAnUnmigratedStoreAndNamesRelanceMigrate) {
    auto store = PostgresStore::open(pg_url(), options);

    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::Rejected);
    EXPECT_NE(store.error().describe().find("relance migrate"), std::string::npos)
        << store.error().describe();
}

TEST_F(PostgresOnlyTest, SchemaNewerThanTheBinaryAsksToUpgradeRelance) {
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), options).has_value());
    ASSERT_EQ(pg_exec("UPDATE " + schema() + ".relance_schema SET version = 9"), "");

    auto store = PostgresStore::open(pg_url(), options);
    auto migrated = PostgresStore::migrate(pg_url(), options);

    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::Rejected);
    EXPECT_NE(store.error().describe().find("schema version 9 is newer than this relance (6): upgrade relance"),
              std::string::npos)
        << store.error().describe();
    ASSERT_FALSE(migrated.has_value());
    EXPECT_EQ(migrated.error().code, ErrorCode::Rejected);
}

TEST_F(PostgresOnlyTest, SchemaWithOtherTablesIsNotTakenForAStore) {
    ASSERT_EQ(pg_exec("CREATE SCHEMA " + schema() + "; CREATE TABLE " + schema() + ".payroll (x int)"), "");

    auto migrated = PostgresStore::migrate(pg_url(), options);

    ASSERT_FALSE(migrated.has_value());
    EXPECT_EQ(migrated.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(migrated.error().describe().find("not a relance store"), std::string::npos);
}

TEST(PostgresConnectTest, UnreachableServerNamesHostAndPortAndHidesThePassword) {
    // Port 1 on loopback: nothing listens there.
    const std::string url = "postgresql://relance:s3cret-pw@127.0.0.1:1/books";

    auto store = PostgresStore::open(url);

    ASSERT_FALSE(store.has_value());
    const std::string message = store.error().describe();
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
    EXPECT_NE(message.find("127.0.0.1:1"), std::string::npos) << message;
    EXPECT_NE(message.find("check that the server is running"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret-pw"), std::string::npos) << message;
    EXPECT_NE(message.find("postgresql://relance:***@127.0.0.1:1/books"), std::string::npos) << message;
}

TEST(PostgresConnectTest, PasswordOptionNeverAppearsInErrors) {
    PostgresOptions options;
    options.password = "hunter2-secret";

    auto store = PostgresStore::open("postgresql://relance@127.0.0.1:1/books?password=other-secret", options);

    ASSERT_FALSE(store.has_value());
    const std::string message = store.error().describe();
    EXPECT_EQ(message.find("hunter2-secret"), std::string::npos) << message;
    EXPECT_EQ(message.find("other-secret"), std::string::npos) << message;
}

TEST(PostgresConnectTest, UrlLibpqCannotReadIsRefusedWithoutEchoingIt) {
    // libpq's message quotes the whole URI: "invalid IPv6 host address in URI: \"...\"".
    auto store = PostgresStore::open("postgres://u:secret@[::1:5432/x");

    ASSERT_FALSE(store.has_value());
    const std::string message = store.error().describe();
    EXPECT_EQ(store.error().code, ErrorCode::InvalidInput) << message;
    EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    EXPECT_NE(message.find("postgres://u:***@[::1:5432/x"), std::string::npos) << message;
    EXPECT_NE(message.find("write it as postgresql://user@host:5432/database"), std::string::npos) << message;
}

TEST(PostgresConnectTest, PasswordHoldingAnAtSignIsHiddenWholeAndTheHostIsTheRealOne) {
    // libpq ends the user part at the first '@': it would read host "ss@127.0.0.1".
    auto store = PostgresStore::open("postgresql://u:p@ss@127.0.0.1:1/x");

    ASSERT_FALSE(store.has_value());
    const std::string message = store.error().describe();
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable) << message;
    EXPECT_EQ(message.find("ss@"), std::string::npos) << message;
    EXPECT_EQ(message.find("p@ss"), std::string::npos) << message;
    EXPECT_NE(message.find("server at 127.0.0.1:1 "), std::string::npos) << message;
    EXPECT_NE(message.find("postgresql://u:***@127.0.0.1:1/x"), std::string::npos) << message;
}

TEST(PgSqlTextTest, LibpqReadsAPasswordHoldingDelimitersPercentEncoded) {
    EXPECT_EQ(pq::libpq_url("postgresql://u:p@s/s?#@h:5/db?sslmode=require"),
              "postgresql://u:p%40s%2Fs%3F%23@h:5/db?sslmode=require");
    EXPECT_EQ(pq::libpq_url("postgresql://u:p%40ss@h/db"), "postgresql://u:p%40ss@h/db");
    EXPECT_EQ(pq::libpq_url("postgresql://u@[::1]:5432/db"), "postgresql://u@[::1]:5432/db");
}

TEST(PgSqlTextTest, ScrubbedRemovesTheUrlAndEveryPasswordFromAMessage) {
    const std::string url = "postgresql://u:p%40ss@h/db?password=q2";
    const auto secrets = pq::secrets_of(url);
    EXPECT_EQ(pq::scrubbed("bad URI \"" + url + "\"; p@ss; q2", url, secrets),
              "bad URI \"postgresql://u:***@h/db?password=***\"; ***; ***");
}

TEST(StoreLocationTest, OtherSchemesAndLibpqConninfoAreRefusedRedacted) {
    EXPECT_TRUE(check_store_location("relance.db").has_value());
    EXPECT_TRUE(check_store_location("/var/lib/relance/relance.db").has_value());
    EXPECT_TRUE(check_store_location("postgresql://u:p@h/db").has_value());

    auto mysql = check_store_location("mysql://u:secret@h/x");
    ASSERT_FALSE(mysql.has_value());
    EXPECT_EQ(mysql.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(mysql.error().message,
              "unsupported store URL scheme 'mysql': use a file path (SQLite) or postgresql:// "
              "(store mysql://u:***@h/x)");

    auto conninfo = check_store_location("host=127.0.0.1 port=1 password=kvsecret");
    ASSERT_FALSE(conninfo.has_value());
    EXPECT_EQ(conninfo.error().message.find("kvsecret"), std::string::npos) << conninfo.error().message;
    EXPECT_NE(conninfo.error().message.find("use a postgresql:// URL"), std::string::npos);
    EXPECT_FALSE(check_store_location("dbname=books user=u").has_value());
}

TEST(PostgresTenantTest, TenantIdsAreLowercaseDigitsAndUnderscoreUpTo40) {
    EXPECT_TRUE(validate_tenant("").has_value());
    EXPECT_TRUE(validate_tenant("acme_2").has_value());
    EXPECT_TRUE(validate_tenant(std::string(40, 'a')).has_value());
    EXPECT_FALSE(validate_tenant(std::string(41, 'a')).has_value());
    EXPECT_FALSE(validate_tenant("Acme").has_value());
    EXPECT_FALSE(validate_tenant("a-b").has_value());
    EXPECT_FALSE(validate_tenant("x\"; DROP SCHEMA public; --").has_value());
    EXPECT_EQ(tenant_schema(""), "public");
    EXPECT_EQ(tenant_schema("acme"), "tenant_acme");
}

TEST_F(PostgresOnlyTest, TenantsAreSeparateStores) {
    PostgresOptions other = options;
    other.tenant = pg_fresh_tenant();
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), options).has_value());
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), other).has_value());
    auto a = PostgresStore::open(pg_url(), options);
    auto b = PostgresStore::open(pg_url(), other);
    ASSERT_TRUE(a.has_value() && b.has_value());

    ASSERT_TRUE((*a)->put_value("k", "from a").has_value());
    auto in_b = (*b)->get_value("k");

    ASSERT_TRUE(in_b.has_value());
    EXPECT_EQ(*in_b, "");
    EXPECT_EQ(pg_value("SELECT value FROM " + schema() + ".settings_kv WHERE key = 'k'"), "from a");
}

/// A listing of `n` invoices whose text exercises COPY's escapes (tab, newline, CR, backslash,
/// "\N", quotes, non-ASCII), with missing dates, closed invoices and three currencies.
SourceListing copy_listing(int n) {
    SourceListing l;
    l.source = "csv";
    for (int c = 0; c < 40; ++c) {
        Customer cu;
        cu.id = "C-" + std::to_string(c);
        cu.name = c % 2 == 0 ? "Caf\u00e9 \"des Arts\"\tn\u00b0" + std::to_string(c) : "Line\nbreak\\N\r" + std::to_string(c);
        cu.emails = {"a" + std::to_string(c) + "@example.fr", "b\\@x.fr"};
        cu.tags = c % 3 == 0 ? std::vector<std::string>{"vip"} : std::vector<std::string>{};
        cu.type = c % 5 == 0 ? CustomerType::B2C : CustomerType::B2B;
        l.customers.push_back(cu);
    }
    const char* codes[] = {"EUR", "JPY", "KWD"};
    for (int i = 0; i < n; ++i) {
        Invoice inv;
        inv.number = "F-" + std::to_string(100000 + i);
        inv.customer_id = "C-" + std::to_string(i % 40);
        auto cur = *Currency::from_code(codes[i % 3]);
        inv.total = Money{1000 + i, cur};
        inv.paid = Money{i % 4 == 0 ? 500 : 0, cur};
        inv.issue_date = ymd(2026, 1, 1 + static_cast<unsigned>(i % 28));
        if (i % 7 != 0) inv.due_date = ymd(2026, 2, 1 + static_cast<unsigned>(i % 28));
        inv.status = i % 11 == 0 ? InvoiceStatus::Paid : (i % 13 == 0 ? InvoiceStatus::Disputed : InvoiceStatus::Open);
        inv.payment_link = i % 2 == 0 ? "https://pay.example/\t" + std::to_string(i) : "";
        l.invoices.push_back(inv);
        if (i % 5 == 0) l.remote_ids[inv.number] = "in_\\" + std::to_string(i);
    }
    return l;
}

/// What a store holds of a listing, as text, sorted: invoices with every field, customers.
std::vector<std::string> contents(Store& store) {
    auto book = store.load_open_book();
    EXPECT_TRUE(book.has_value()) << book.error().describe();
    std::vector<std::string> out;
    if (!book) return out;
    for (const auto& si : book->invoices) {
        const Invoice& inv = si.invoice;
        out.push_back(inv.source + "/" + inv.number + "|" + inv.customer_id + "|" +
                      (inv.issue_date ? to_iso(*inv.issue_date) : "-") + "|" +
                      (inv.due_date ? to_iso(*inv.due_date) : "-") + "|" + std::string(inv.total.currency().code()) +
                      "|" + std::to_string(inv.total.minor()) + "|" + std::to_string(inv.paid.minor()) + "|" +
                      std::string(to_string(inv.status)) + "|" + inv.payment_link + "|" + si.remote_id + "|" +
                      std::to_string(si.last_seen_run));
    }
    for (std::size_t i = 0; i < book->customers.size(); ++i) {
        const Customer& c = book->customers[i];
        std::string emails;
        for (const auto& e : c.emails) emails += e + ";";
        out.push_back(book->customer_sources[i] + "/" + c.id + "|" + c.name + "|" + emails + "|" +
                      (c.tags.empty() ? "" : c.tags[0]) + "|" + (c.type == CustomerType::B2C ? "b2c" : "b2b"));
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST_F(PostgresOnlyTest, CopyOfANewListingStoresWhatRowByRowInsertsStore) {
    // SQLite writes new invoices one prepared INSERT at a time; PostgreSQL with one COPY.
    const SourceListing listing = copy_listing(3000);
    test::Sandbox dir;
    auto lite = SqliteStore::open((dir.path() / "relance.db").string());
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), options).has_value());
    auto pg = PostgresStore::open(pg_url(), options);
    ASSERT_TRUE(lite.has_value() && pg.has_value());

    auto lite_counts = (*lite)->apply_listing(listing, ymd(2026, 3, 20), 1);
    const auto started = std::chrono::steady_clock::now();
    auto pg_counts = (*pg)->apply_listing(listing, ymd(2026, 3, 20), 1);
    const auto took = std::chrono::steady_clock::now() - started;

    ASSERT_TRUE(lite_counts.has_value() && pg_counts.has_value()) << pg_counts.error().describe();
    EXPECT_EQ(pg_counts->inserted, 3000);
    EXPECT_EQ(lite_counts->inserted, 3000);
    // Resolved on the first day: paid ones (i % 11 == 0, 273 of them), none reopened.
    EXPECT_EQ(pg_counts->reopened, 0);
    const auto lite_rows = contents(**lite);
    const auto pg_rows = contents(**pg);
    EXPECT_EQ(pg_rows.size(), 3000u - 273u + 40u);
    EXPECT_EQ(pg_rows, lite_rows);
    EXPECT_EQ(pg_value("SELECT count(*) FROM " + schema() + ".invoices WHERE resolution = 'paid' AND "
                       "resolved_on = '2026-03-20' AND level_at_resolution = 0"),
              "273");
    EXPECT_EQ(pg_value("SELECT name FROM " + schema() + ".customers WHERE id = 'C-1'"), "Line\nbreak\\N\r1");
    std::printf("COPY of 3000 invoices + 40 customers: %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
}

TEST(PgSqlTextTest, PlaceholdersBecomeDollarsOutsideQuotesAndComments) {
    int count = 0;

    const std::string sql = pq::dollar_placeholders(
        "SELECT '?1', \"a?2\" FROM t -- ?3 here\nWHERE x = ?12 AND y = ?2 AND z = ? AND ?1 IS NULL", count);

    EXPECT_EQ(sql, "SELECT '?1', \"a?2\" FROM t -- ?3 here\nWHERE x = $12 AND y = $2 AND z = ? AND $1 IS NULL");
    EXPECT_EQ(count, 12);
}

TEST(PgSqlTextTest, CopyTextEscapesWhatCopyReadsSpecially) {
    std::string out;

    pq::append_copy_text(out, "a\tb\nc\rd\\N");

    EXPECT_EQ(out, "a\\tb\\nc\\rd\\\\N");
}

TEST(PgSqlTextTest, RedactedUrlsKeepEverythingButThePassword) {
    EXPECT_EQ(pq::redact_url("postgresql://bob:pa:ss@db.example:5432/books?sslmode=require"),
              "postgresql://bob:***@db.example:5432/books?sslmode=require");
    EXPECT_EQ(pq::redact_url("postgres://bob@db/books?password=xyz&sslmode=require"),
              "postgres://bob@db/books?password=***&sslmode=require");
    EXPECT_EQ(pq::redact_url("postgres://db/books"), "postgres://db/books");
    // The user part ends at the last '@', a password may hold '/' too.
    EXPECT_EQ(pq::redact_url("postgresql://u:p@ss@127.0.0.1:1/x"), "postgresql://u:***@127.0.0.1:1/x");
    EXPECT_EQ(pq::redact_url("postgresql://u:pa/ss@h/x"), "postgresql://u:***@h/x");
    EXPECT_EQ(pq::redact_url("postgres://u@[::1]:5432/x"), "postgres://u@[::1]:5432/x");
    EXPECT_EQ(pq::redact_url("host=h password=kv port=1 password='a b'"), "host=h password=*** port=1 password=***");
}

TEST_F(PostgresOnlyTest, DossierKeepsPostalAddressesAndTheCollectionHandOff) {
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), options).has_value());
    auto dossier = PostgresDossierStore::open(pg_url(), options);
    ASSERT_TRUE(dossier.has_value()) << dossier.error().describe();
    Customer with;
    with.id = "C-1";
    with.address = {"12, rue de l\u2019\u00c9glise", "69002 Lyon"};
    with.siren = "552100554";
    Customer without;  // a later export that leaves them out
    without.id = "C-1";
    const std::vector<InvoiceKey> keys = {{"csv", "F-1"}, {"csv", "F-2"}};
    const std::vector<int> levels = {4, 3};

    ASSERT_TRUE((*dossier)->put_postal("csv", std::vector<Customer>{with}).has_value());
    ASSERT_TRUE((*dossier)->put_postal("csv", std::vector<Customer>{without}).has_value());
    std::vector<Customer> asked(1);
    asked[0].id = "C-1";
    const std::vector<std::string> sources = {"csv"};
    auto filled = (*dossier)->fill_postal(asked, sources);
    auto first = (*dossier)->hand_to_collection(keys, levels, ymd(2026, 12, 1));
    auto second = (*dossier)->hand_to_collection(keys, levels, ymd(2026, 12, 8));
    auto in = (*dossier)->in_collection();

    ASSERT_TRUE(filled.has_value()) << filled.error().describe();
    EXPECT_EQ(asked[0].address, with.address);
    EXPECT_EQ(asked[0].siren, "552100554");
    ASSERT_TRUE(first.has_value() && second.has_value());
    EXPECT_EQ(*first, 2);
    EXPECT_EQ(*second, 0);
    ASSERT_TRUE(in.has_value());
    ASSERT_EQ(in->size(), 2u);
    EXPECT_EQ(in->at({"csv", "F-1"}).since, ymd(2026, 12, 1));
    EXPECT_EQ(in->at({"csv", "F-1"}).level, 4);
    EXPECT_EQ(in->at({"csv", "F-2"}).level, 3);
}

TEST_F(PostgresOnlyTest, AWriterWaitingTooLongForAnotherIsUnavailable) {
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), options).has_value());
    options.lock_timeout = std::chrono::milliseconds{300};
    auto holder = open_postgres_connection(pg_url(), options, true);
    auto store = PostgresStore::open(pg_url(), options);
    ASSERT_TRUE(holder.has_value() && store.has_value());
    auto held = sql::Transaction::begin(*holder);  // the store's write lock, as a writer holds it
    ASSERT_TRUE(held.has_value()) << held.error().describe();

    const auto now = std::chrono::sys_seconds{std::chrono::sys_days{ymd(2026, 12, 4)}.time_since_epoch()};
    auto blocked = (*store)->try_lease("daily-pass", "me", now, std::chrono::seconds{60});
    ASSERT_TRUE(held->commit().has_value());
    auto after = (*store)->try_lease("daily-pass", "me", now, std::chrono::seconds{60});

    ASSERT_FALSE(blocked.has_value());
    EXPECT_EQ(blocked.error().code, ErrorCode::Unavailable) << blocked.error().describe();
    EXPECT_NE(blocked.error().describe().find("another relance is writing to this store"), std::string::npos)
        << blocked.error().describe();
    ASSERT_TRUE(after.has_value()) << after.error().describe();
    EXPECT_TRUE(*after);
}

TEST_F(PostgresOnlyTest, AConnectionTheServerDroppedFailsOnceAsUnavailableThenIsOpenedAgain) {
    ASSERT_TRUE(PostgresStore::migrate(pg_url(), options).has_value());
    auto store = PostgresStore::open(pg_url(), options);
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->put_value("k", "before").has_value());
    // As a server restart would: end this tenant's sessions (application_name relance/<tenant>).
    ASSERT_EQ(pg_value("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE application_name = 'relance/" + options.tenant + "'"),
              "1");

    // libpq learns that the session is gone from the first statement, which is not retried (it
    // may have been executed): the caller's retry (Unavailable) runs on a new session.
    auto lost = (*store)->put_value("k", "lost");
    auto retried = (*store)->put_value("k", "after");
    auto read = (*store)->get_value("k");

    ASSERT_FALSE(lost.has_value());
    EXPECT_EQ(lost.error().code, ErrorCode::Unavailable) << lost.error().describe();
    EXPECT_TRUE(retried.has_value()) << retried.error().describe();
    ASSERT_TRUE(read.has_value()) << read.error().describe();
    EXPECT_EQ(*read, "after");
}

}  // namespace
}  // namespace relance::test
