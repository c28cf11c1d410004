// SPDX-License-Identifier: MIT
// PostgresStore on the server of RELANCE_TEST_PG, one fresh tenant schema per test: the Store
// contract suite, then what only PostgreSQL has (migrate from empty, a schema newer than the
// binary, an unreachable server, passwords kept out of errors, tenants). Skipped, with the
// reason, when no server is given or it does not answer.
#include "adapters/store/postgres/postgres_store.h"

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "adapters/store/postgres/migrations.h"
#include "adapters/store/sqlite/migrations.h"
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

}  // namespace
}  // namespace relance::test
