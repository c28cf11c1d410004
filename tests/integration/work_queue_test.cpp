// SPDX-License-Identifier: MIT
// The workers' queue (adapters/queue/postgres) against a real PostgreSQL server: the one
// scripts/test.sh starts and names in RELANCE_TEST_PG. Each run of this executable creates its
// own database (dropped at the end), so concurrent runs never collide. Without a server the
// tests are reported SKIPPED, with the reason, never passed.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "adapters/queue/postgres/pg_link.h"
#include "adapters/queue/postgres/pg_work_queue.h"

namespace relance {
namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

const Date kDay{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{4}};
const Date kNextDay{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{5}};

// The server URL with another database name.
std::string with_database(const std::string& url, const std::string& db) {
    const auto scheme = url.find("://");
    const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    const auto query = url.find('?');
    const std::string base = slash == std::string::npos ? url : url.substr(0, slash);
    return base + "/" + db + (query == std::string::npos ? "" : url.substr(query));
}

// One database for this process's tests, created on first use.
class TestDatabase {
public:
    static TestDatabase& get() {
        static TestDatabase db;
        return db;
    }
    [[nodiscard]] const std::string& skip_reason() const { return skip_; }
    [[nodiscard]] const std::string& url() const { return url_; }
    ~TestDatabase() {
        if (!url_.empty()) {
            if (auto admin = pgq::Link::connect(admin_)) {
                (void)admin->run("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
            }
        }
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

private:
    TestDatabase() {
        const char* server = std::getenv("RELANCE_TEST_PG");
        if (server == nullptr || *server == '\0') {
            skip_ = "RELANCE_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server and sets it)";
            return;
        }
        admin_ = server;
        auto admin = pgq::Link::connect(admin_);
        if (!admin) {
            skip_ = "the PostgreSQL server of RELANCE_TEST_PG cannot be reached: " + admin.error().describe();
            return;
        }
        std::random_device rd;
        name_ = "relance_wq_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 100000);
        if (auto st = admin->run("CREATE DATABASE " + name_); !st) {
            skip_ = "cannot create a test database: " + st.error().describe();
            return;
        }
        url_ = with_database(admin_, name_);
    }
    std::string admin_;
    std::string name_;
    std::string url_;
    std::string skip_;
};

class WorkQueueTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto& db = TestDatabase::get();
        if (!db.skip_reason().empty()) GTEST_SKIP() << "SKIPPED: " << db.skip_reason();
        // Each test has its own tenants: the tests share the database, not the rows.
        prefix_ = "t" + std::to_string(++counter_) + "_";
        auto q = open();
        ASSERT_TRUE(q->prepare()) << "prepare";
        auto clean = pgq::Link::connect(db.url());
        ASSERT_TRUE(clean);
    }

    static std::unique_ptr<PgWorkQueue> open() {
        auto q = PgWorkQueue::open(TestDatabase::get().url());
        EXPECT_TRUE(q) << (q ? "" : q.error().describe());
        return q ? std::move(*q) : nullptr;
    }

    [[nodiscard]] std::vector<TenantDay> tenants(int n, Date day = kDay) const {
        std::vector<TenantDay> out;
        for (int i = 0; i < n; ++i) out.push_back(TenantDay{prefix_ + std::to_string(i), day});
        return out;
    }

    std::string prefix_;
    static inline int counter_ = 0;
};

TEST_F(WorkQueueTest, TwoConnectionsClaimDisjointTenants) {
    auto a = open();
    auto b = open();
    const auto days = tenants(4);
    ASSERT_EQ(*a->enqueue(days, false), 4);

    std::set<std::string> got;
    for (int round = 0; round < 2; ++round) {
        for (PgWorkQueue* q : {a.get(), b.get()}) {
            auto c = q->claim(days, q == a.get() ? "worker-a" : "worker-b", 60s);
            ASSERT_TRUE(c) << c.error().describe();
            ASSERT_TRUE(c->has_value());
            EXPECT_TRUE(got.insert((*c)->day.tenant).second) << (*c)->day.tenant << " claimed twice";
        }
    }
    auto none = b->claim(days, "worker-b", 60s);

    EXPECT_EQ(got.size(), 4U);
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
}

TEST_F(WorkQueueTest, ClaimsHeldInAnOpenTransactionAreSkippedNotWaitedFor) {
    const auto days = tenants(2);
    auto q = open();
    ASSERT_EQ(*q->enqueue(days, false), 2);
    auto raw = pgq::Link::connect(TestDatabase::get().url());
    ASSERT_TRUE(raw);
    ASSERT_TRUE(raw->run("BEGIN"));
    // Another session holds the first tenant's row locked (as a claim in progress would).
    ASSERT_TRUE(raw->exec("SELECT 1 FROM relance_control.tenant_passes WHERE tenant = $1 FOR UPDATE",
                          {days[0].tenant}));

    const auto t0 = std::chrono::steady_clock::now();
    auto c = q->claim(days, "w", 60s);
    const auto waited = std::chrono::steady_clock::now() - t0;

    ASSERT_TRUE(c) << c.error().describe();
    ASSERT_TRUE(c->has_value());
    EXPECT_EQ((*c)->day.tenant, days[1].tenant);
    EXPECT_LT(waited, 2s);
    ASSERT_TRUE(raw->run("ROLLBACK"));
}

TEST_F(WorkQueueTest, ExpiredLeaseOfADeadWorkerIsTakenOver) {
    const auto days = tenants(1);
    auto b = open();
    ASSERT_EQ(*b->enqueue(days, false), 1);
    {
        auto a = open();
        auto c = a->claim(days, "worker-a", 1s);
        ASSERT_TRUE(c && c->has_value());
    }  // worker-a's connection closes: it died (its lease runs on)

    auto before = b->claim(days, "worker-b", 60s);  // the lease still runs: not taken
    std::this_thread::sleep_for(2100ms);
    auto after = b->claim(days, "worker-b", 60s);

    ASSERT_TRUE(before);
    EXPECT_FALSE(before->has_value());
    ASSERT_TRUE(after) << after.error().describe();
    ASSERT_TRUE(after->has_value());
    EXPECT_EQ((*after)->day.tenant, days[0].tenant);
    EXPECT_EQ((*after)->attempt, 2);
    EXPECT_EQ((*after)->taken_over_from, "worker-a");
    auto rows = b->status(kDay);
    ASSERT_TRUE(rows);
    for (const auto& r : *rows) {
        if (r.day.tenant != days[0].tenant) continue;
        EXPECT_EQ(r.state, "running");
        EXPECT_EQ(r.worker, "worker-b");
        ASSERT_TRUE(r.lease_left_seconds.has_value());
        EXPECT_GT(*r.lease_left_seconds, 50);
    }
}

TEST_F(WorkQueueTest, ExpiredLeaseOfAWorkerStillConnectedIsNotTakenOver) {
    const auto days = tenants(1);
    auto a = open();
    auto b = open();
    ASSERT_EQ(*a->enqueue(days, false), 1);
    auto held = a->claim(days, "worker-a", 1s);
    ASSERT_TRUE(held && held->has_value());

    std::this_thread::sleep_for(2100ms);  // late with its renewal, but alive
    auto stolen = b->claim(days, "worker-b", 60s);
    auto renewed = a->renew(**held, "worker-a", 60s);
    auto finished = a->finish(**held, "worker-a", TenantOutcome{"done", 7, 10, 0, 0, "ok"});

    ASSERT_TRUE(stolen);
    EXPECT_FALSE(stolen->has_value());
    ASSERT_TRUE(renewed);
    EXPECT_TRUE(*renewed);
    EXPECT_TRUE(finished) << finished.error().describe();
}

TEST_F(WorkQueueTest, RenewFailsOnceTheClaimWasTakenOver) {
    const auto days = tenants(1);
    auto b = open();
    ASSERT_EQ(*b->enqueue(days, false), 1);
    TenantClaim lost;
    {
        auto a = open();
        auto c = a->claim(days, "worker-a", 1s);
        ASSERT_TRUE(c && c->has_value());
        lost = **c;
    }
    std::this_thread::sleep_for(2100ms);
    auto taken = b->claim(days, "worker-b", 60s);
    ASSERT_TRUE(taken && taken->has_value());

    auto renewed = b->renew(lost, "worker-a", 60s);  // what worker-a would find if it came back
    auto finish = b->finish(lost, "worker-a", TenantOutcome{"done", 0, 0, 0, 0, ""});

    ASSERT_TRUE(renewed);
    EXPECT_FALSE(*renewed);
    ASSERT_FALSE(finish);
    EXPECT_EQ(finish.error().code, ErrorCode::Conflict);
}

TEST_F(WorkQueueTest, AFinishedTenantIsNotClaimedAgainTheSameDay) {
    const auto days = tenants(2);
    auto q = open();
    ASSERT_EQ(*q->enqueue(days, false), 2);
    for (int i = 0; i < 2; ++i) {
        auto c = q->claim(days, "w", 60s);
        ASSERT_TRUE(c && c->has_value());
        ASSERT_TRUE(q->finish(**c, "w", TenantOutcome{i == 0 ? "done" : "partial", 1, 3, 0, 0, ""}));
    }

    auto again = q->enqueue(days, false);  // a second `relance run --worker` the same day
    auto claim = q->claim(days, "w2", 60s);
    auto progress = q->progress(days);
    auto tomorrow = q->enqueue(tenants(2, kNextDay), false);
    auto next = q->claim(tenants(2, kNextDay), "w2", 60s);

    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0);
    ASSERT_TRUE(claim);
    EXPECT_FALSE(claim->has_value());
    ASSERT_TRUE(progress);
    EXPECT_EQ(progress->finished, 2);
    EXPECT_EQ(progress->queued + progress->running, 0);
    ASSERT_TRUE(tomorrow);
    EXPECT_EQ(*tomorrow, 2);
    ASSERT_TRUE(next && next->has_value());
    EXPECT_EQ((*next)->day.local_date, kNextDay);
}

TEST_F(WorkQueueTest, AReleasedClaimIsQueuedAgainForAnyWorker) {
    const auto days = tenants(1);
    auto a = open();
    auto b = open();
    ASSERT_EQ(*a->enqueue(days, false), 1);
    auto c = a->claim(days, "worker-a", 60s);
    ASSERT_TRUE(c && c->has_value());

    ASSERT_TRUE(a->release(**c, "worker-a"));  // SIGTERM
    auto d = b->claim(days, "worker-b", 60s);

    ASSERT_TRUE(d && d->has_value());
    EXPECT_EQ((*d)->attempt, 2);
    EXPECT_EQ((*d)->taken_over_from, "");
}

TEST_F(WorkQueueTest, AFailedTenantStaysFailedUnlessRetriedAndADoneOneIsNotMarkedFailed) {
    const auto days = tenants(2);
    auto q = open();
    ASSERT_EQ(*q->enqueue(days, false), 2);
    ASSERT_TRUE(q->record_failure(days[0], "relance.toml:3: policy.min_gap_days: expected a whole number"));
    auto c = q->claim(days, "w", 60s);
    ASSERT_TRUE(c && c->has_value());
    EXPECT_EQ((*c)->day.tenant, days[1].tenant);
    ASSERT_TRUE(q->finish(**c, "w", TenantOutcome{"done", 1, 0, 0, 0, ""}));
    ASSERT_TRUE(q->record_failure(days[1], "broken since"));  // done today: stays done

    auto none = q->claim(days, "w", 60s);
    auto retried = q->enqueue(days, true);
    auto again = q->claim(days, "w", 60s);
    auto rows = q->status(kDay);

    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    ASSERT_TRUE(retried);
    ASSERT_TRUE(again && again->has_value());
    EXPECT_EQ((*again)->day.tenant, days[0].tenant);
    ASSERT_TRUE(rows);
    std::map<std::string, std::string> state;
    for (const auto& r : *rows) state[r.day.tenant] = r.state;
    EXPECT_EQ(state[days[0].tenant], "running");
    EXPECT_EQ(state[days[1].tenant], "done");
}

TEST_F(WorkQueueTest, FourWorkersOnFiftyTenantsRunEachExactlyOnce) {
    const auto days = tenants(50);
    ASSERT_EQ(*open()->enqueue(days, false), 50);
    std::mutex m;
    std::map<std::string, int> runs;
    std::vector<std::thread> workers;
    std::atomic<int> errors{0};
    for (int w = 0; w < 4; ++w) {
        workers.emplace_back([&, w] {
            auto q = open();
            if (!q || !q->prepare()) {
                ++errors;
                return;
            }
            const std::string me = "worker-" + std::to_string(w);
            for (;;) {
                auto c = q->claim(days, me, 60s);
                if (!c) {
                    ++errors;
                    return;
                }
                if (!c->has_value()) return;
                {
                    std::lock_guard lock(m);
                    ++runs[(*c)->day.tenant];
                }
                if (!q->finish(**c, me, TenantOutcome{"done", 1, 1, 0, 0, ""})) ++errors;
            }
        });
    }
    for (auto& t : workers) t.join();

    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(runs.size(), 50U);
    for (const auto& [tenant, n] : runs) EXPECT_EQ(n, 1) << tenant;
}

TEST_F(WorkQueueTest, ADirectRunAndAWorkerNeverHoldOneTenantTogether) {
    const auto days = tenants(1);
    auto worker = open();
    auto direct = open();
    ASSERT_EQ(*worker->enqueue(days, false), 1);
    auto c = worker->claim(days, "w", 60s);
    ASSERT_TRUE(c && c->has_value());

    auto busy = direct->lock_tenant(days[0].tenant);
    ASSERT_TRUE(worker->finish(**c, "w", TenantOutcome{"done", 1, 0, 0, 0, ""}));
    auto free_now = direct->lock_tenant(days[0].tenant);

    ASSERT_TRUE(busy);
    EXPECT_FALSE(*busy);
    ASSERT_TRUE(free_now);
    EXPECT_TRUE(*free_now);
    EXPECT_TRUE(direct->unlock_tenant(days[0].tenant));
}

TEST(WorkQueueConnectTest, AnUnreachableServerIsUnavailableAndNamedWithoutItsPassword) {
    auto q = PgWorkQueue::open("postgresql://relance:s3cr3t-pw@127.0.0.1:1/relance");

    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().code, ErrorCode::Unavailable);
    EXPECT_NE(q.error().message.find("127.0.0.1:1"), std::string::npos) << q.error().message;
    EXPECT_EQ(q.error().message.find("s3cr3t-pw"), std::string::npos) << q.error().message;
}

TEST(TenantIdTest, AcceptsLowercaseDigitsAndUnderscoreOnly) {
    EXPECT_TRUE(valid_tenant_id("acme"));
    EXPECT_TRUE(valid_tenant_id("t07"));
    EXPECT_TRUE(valid_tenant_id("cabinet_dupont_2"));
    EXPECT_FALSE(valid_tenant_id(""));
    EXPECT_FALSE(valid_tenant_id("_hidden"));
    EXPECT_FALSE(valid_tenant_id("Acme"));
    EXPECT_FALSE(valid_tenant_id("a-b"));
    EXPECT_FALSE(valid_tenant_id("a;drop"));
    EXPECT_FALSE(valid_tenant_id(std::string(41, 'a')));
    EXPECT_TRUE(valid_tenant_id(std::string(40, 'a')));
}

}  // namespace
}  // namespace relance
