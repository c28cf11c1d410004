// SPDX-License-Identifier: MIT
// The Store contract: what every Store engine must do, as a typed GoogleTest suite. An engine's
// test file instantiates it with a factory:
//
//   struct MyFactory {
//       static bool available();  // false: every test is skipped (e.g. no database server)
//       static std::string skip_reason();  // shown when skipped: why the engine is unavailable
//       // A store in `dir`; called twice with the same dir, it opens the same store again.
//       static relance::Result<std::unique_ptr<relance::Store>> open(const std::filesystem::path&
//       dir);
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(Mine, StoreContract, MyFactory);
//
// Expected values are worked out by hand in each test, never computed by the code under test.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/money/currency.h"
#include "core/ports/source.h"
#include "core/ports/store.h"

namespace relance::test {

// --- Helpers ------------------------------------------------------------------------------------

constexpr Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

inline Currency currency(std::string_view code) {
    auto c = Currency::from_code(code);
    EXPECT_TRUE(c.has_value()) << code;
    return c ? *c : Currency::eur();
}

/// A fresh temporary directory, removed with everything in it at the end of the test.
class Sandbox {
public:
    Sandbox() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/relance-test-XXXXXX";
        if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;
    ~Sandbox() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// Invoice builder with defaults: open, 100.00 EUR, customer C-1, issued 2026-02-12, due
/// 2026-03-14.
class InvoiceBuilder {
public:
    explicit InvoiceBuilder(std::string number) {
        inv_.number = std::move(number);
        inv_.customer_id = "C-1";
        inv_.issue_date = ymd(2026, 2, 12);
        inv_.due_date = ymd(2026, 3, 14);
        inv_.total = Money{10000, Currency::eur()};
        inv_.paid = Money::zero(Currency::eur());
        inv_.credited = Money::zero(Currency::eur());
    }
    InvoiceBuilder& customer(std::string id) {
        inv_.customer_id = std::move(id);
        return *this;
    }
    InvoiceBuilder& source(std::string s) {
        inv_.source = std::move(s);
        return *this;
    }
    InvoiceBuilder& due(std::optional<Date> d) {
        inv_.due_date = d;
        return *this;
    }
    InvoiceBuilder& issued(std::optional<Date> d) {
        inv_.issue_date = d;
        return *this;
    }
    /// Total in minor units; paid and credited are reset to zero in the same currency.
    InvoiceBuilder& total(std::int64_t minor, std::string_view code = "EUR") {
        const Currency c = currency(code);
        inv_.total = Money{minor, c};
        inv_.paid = Money::zero(c);
        inv_.credited = Money::zero(c);
        return *this;
    }
    InvoiceBuilder& paid(std::int64_t minor) {
        inv_.paid = Money{minor, inv_.total.currency()};
        return *this;
    }
    InvoiceBuilder& credited(std::int64_t minor) {
        inv_.credited = Money{minor, inv_.total.currency()};
        return *this;
    }
    InvoiceBuilder& status(InvoiceStatus s) {
        inv_.status = s;
        return *this;
    }
    /// The day the tool says it was paid, voided or credited.
    InvoiceBuilder& resolved(Date d) {
        inv_.resolved_on = d;
        return *this;
    }
    InvoiceBuilder& link(std::string url) {
        inv_.payment_link = std::move(url);
        return *this;
    }
    [[nodiscard]] Invoice build() const { return inv_; }
    operator Invoice() const { return inv_; }  // NOLINT: a builder reads best converted in place

private:
    Invoice inv_;
};

inline InvoiceBuilder an_invoice(std::string number) {
    return InvoiceBuilder(std::move(number));
}

inline Customer a_customer(const std::string& id) {
    Customer c;
    c.id = id;
    c.name = "Customer " + id;
    c.emails = {id + "@example.com"};
    c.language = "fr";
    return c;
}

/// A listing of `source` with these invoices and one customer per distinct customer id.
inline SourceListing a_listing(std::string source, std::vector<Invoice> invoices,
                               bool complete = true) {
    SourceListing l;
    l.source = std::move(source);
    l.complete = complete;
    std::set<std::string> ids;
    for (const auto& inv : invoices) {
        if (ids.insert(inv.customer_id).second) l.customers.push_back(a_customer(inv.customer_id));
    }
    l.invoices = std::move(invoices);
    return l;
}

inline ReminderRow a_reminder(std::string invoice, int level, Date planned_on,
                              std::string channel = "email", std::string source = "csv") {
    ReminderRow r;
    r.source = std::move(source);
    r.invoice_number = std::move(invoice);
    r.level = level;
    r.channel = std::move(channel);
    r.message_id = "<relance." + r.invoice_number + ".l" + std::to_string(level) + "@example.com>";
    r.planned_on = planned_on;
    r.run_id = 1;
    r.recipient = "c-1@example.com";
    r.subject = "Facture " + r.invoice_number;
    r.amount_due = Money{10000, Currency::eur()};
    r.detail = "";
    return r;
}

inline std::string describe(const Error& e) {
    return e.describe();
}

/// Open invoices by "source/number", for easy lookups in assertions.
inline std::map<std::string, StoredInvoice> by_key(const OpenBook& book) {
    std::map<std::string, StoredInvoice> out;
    for (const auto& si : book.invoices)
        out[si.invoice.source + "/" + si.invoice.number] = si;
    return out;
}

/// SyncCounts as a tuple, so that a mismatch prints every field:
/// (inserted, updated, unchanged, resolved, reopened).
using Counts = std::tuple<int, int, int, int, int>;
inline Counts counts(int inserted, int updated, int unchanged, int resolved, int reopened) {
    return {inserted, updated, unchanged, resolved, reopened};
}
inline Counts counts(const SyncCounts& c) {
    return {c.inserted, c.updated, c.unchanged, c.resolved, c.reopened};
}

// --- Fixture ------------------------------------------------------------------------------------

template <class Factory>
class StoreContract : public ::testing::Test {
protected:
    void SetUp() override {
        if (!Factory::available()) GTEST_SKIP() << Factory::skip_reason();
        ASSERT_FALSE(sandbox_.path().empty()) << "cannot create a temp dir";
        auto s = Factory::open(sandbox_.path());
        ASSERT_TRUE(s.has_value()) << describe(s.error());
        store_ = std::move(*s);
    }

    Store& store() { return *store_; }
    std::unique_ptr<Store> reopen() {
        store_.reset();
        auto s = Factory::open(sandbox_.path());
        EXPECT_TRUE(s.has_value()) << describe(s.error());
        return s ? std::move(*s) : nullptr;
    }

    Counts apply(const SourceListing& l, Date today, std::int64_t run) {
        auto r = store_->apply_listing(l, today, run);
        EXPECT_TRUE(r.has_value()) << describe(r.error());
        return r ? counts(*r) : Counts{-1, -1, -1, -1, -1};
    }
    OpenBook book() {
        auto b = store_->load_open_book();
        EXPECT_TRUE(b.has_value()) << describe(b.error());
        return b ? std::move(*b) : OpenBook{};
    }
    /// "source/number" of the open invoices, sorted.
    std::vector<std::string> open_keys() {
        std::vector<std::string> out;
        for (const auto& [key, si] : by_key(book()))
            out.push_back(key);
        return out;
    }
    /// Stores invoice F-1 (customer C-1) of source csv, for the outbox tests.
    void seed(std::vector<std::string> numbers = {"F-1"}) {
        std::vector<Invoice> invs;
        for (auto& n : numbers)
            invs.push_back(an_invoice(n));
        apply(a_listing("csv", invs), ymd(2026, 3, 20), 1);
    }

    Sandbox sandbox_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE_P(StoreContract);

// --- Sync ---------------------------------------------------------------------------------------

TYPED_TEST_P(StoreContract, FreshStoreHasAnEmptyBook) {
    const OpenBook book = this->book();

    EXPECT_TRUE(book.invoices.empty());
    EXPECT_TRUE(book.customers.empty());
    EXPECT_TRUE(book.holds.empty());
}

TYPED_TEST_P(StoreContract, FirstListingInsertsInvoicesAndCustomers) {
    auto listing = a_listing("csv", {an_invoice("F-1").customer("C-1").link("https://pay/1"),
                                     an_invoice("F-2").customer("C-2").due(std::nullopt),
                                     an_invoice("F-3").customer("C-1")});

    const Counts c = this->apply(listing, ymd(2026, 3, 20), 7);

    EXPECT_EQ(c, counts(3, 0, 0, 0, 0));
    const OpenBook book = this->book();
    ASSERT_EQ(book.invoices.size(), 3u);
    const auto open = by_key(book);
    const Invoice& f1 = open.at("csv/F-1").invoice;
    EXPECT_EQ(f1.source, "csv");
    EXPECT_EQ(f1.customer_id, "C-1");
    EXPECT_EQ(f1.issue_date, ymd(2026, 2, 12));
    EXPECT_EQ(f1.due_date, ymd(2026, 3, 14));
    EXPECT_EQ(f1.total, Money(10000, Currency::eur()));
    EXPECT_EQ(f1.status, InvoiceStatus::Open);
    EXPECT_EQ(f1.payment_link, "https://pay/1");
    EXPECT_EQ(open.at("csv/F-1").last_seen_run, 7);
    EXPECT_EQ(open.at("csv/F-1").history.last_level, 0);
    EXPECT_FALSE(open.at("csv/F-1").history.last_contact.has_value());
    EXPECT_FALSE(open.at("csv/F-2").invoice.due_date.has_value());
    ASSERT_EQ(book.customers.size(), 2u);
    ASSERT_EQ(book.customer_sources.size(), 2u);
    std::map<std::string, Customer> customers;
    for (std::size_t i = 0; i < book.customers.size(); ++i) {
        EXPECT_EQ(book.customer_sources[i], "csv");
        customers[book.customers[i].id] = book.customers[i];
    }
    EXPECT_EQ(customers.at("C-2").name, "Customer C-2");
    EXPECT_EQ(customers.at("C-2").emails, std::vector<std::string>{"C-2@example.com"});
}

TYPED_TEST_P(StoreContract, RelistingCountsUpdatedAndUnchanged) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-3"),
                                  an_invoice("F-4")}),
                ymd(2026, 3, 20), 1);

    // F-1 partly paid, F-2 new due date, F-3 and F-4 as before, F-5 new.
    const Counts c = this->apply(
        a_listing("csv", {an_invoice("F-1").paid(2500), an_invoice("F-2").due(ymd(2026, 4, 1)),
                          an_invoice("F-3"), an_invoice("F-4"), an_invoice("F-5")}),
        ymd(2026, 3, 21), 2);

    EXPECT_EQ(c, counts(1, 2, 2, 0, 0));
    const auto open = by_key(this->book());
    ASSERT_EQ(open.size(), 5u);
    EXPECT_EQ(open.at("csv/F-1").invoice.paid, Money(2500, Currency::eur()));
    EXPECT_EQ(open.at("csv/F-1").invoice.amount_due(), Money(7500, Currency::eur()));
    EXPECT_EQ(open.at("csv/F-2").invoice.due_date, ymd(2026, 4, 1));
    for (const auto& [key, si] : open)
        EXPECT_EQ(si.last_seen_run, 2) << key;
}

TYPED_TEST_P(StoreContract, CompleteListingResolvesMissingInvoicesOfThatSourceOnly) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-3")}),
                ymd(2026, 3, 20), 1);
    this->apply(a_listing("stripe", {an_invoice("in_1"), an_invoice("in_2")}), ymd(2026, 3, 20), 1);

    const Counts c = this->apply(a_listing("csv", {an_invoice("F-2")}), ymd(2026, 3, 21), 2);

    EXPECT_EQ(c, counts(0, 0, 1, 2, 0));
    EXPECT_EQ(this->open_keys(),
              (std::vector<std::string>{"csv/F-2", "stripe/in_1", "stripe/in_2"}));
    auto f1 = this->store().exists(HoldScope::Invoice, "csv", "F-1");
    ASSERT_TRUE(f1.has_value());
    EXPECT_TRUE(*f1);  // resolved, not deleted
}

TYPED_TEST_P(StoreContract, CompleteListingKeepsRejectedInvoicesOpenWithTheirData) {
    this->apply(
        a_listing("csv", {an_invoice("F-1"), an_invoice("F-2").paid(1000), an_invoice("F-3")}),
        ymd(2026, 3, 20), 1);
    auto listing = a_listing("csv", {an_invoice("F-1")});
    listing.rejected.push_back(RejectedRow{"export.csv", 3, "total", "not a number", "F-2"});
    listing.rejected.push_back(RejectedRow{"export.csv", 4, "", "too few columns", ""});

    const Counts c = this->apply(listing, ymd(2026, 3, 21), 2);

    EXPECT_EQ(c, counts(0, 0, 1, 1, 0));  // F-3 resolved; F-2 kept as it was
    const auto open = by_key(this->book());
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open.at("csv/F-2").invoice.paid, Money(1000, Currency::eur()));
    EXPECT_EQ(open.at("csv/F-2").last_seen_run, 1);
    EXPECT_EQ(open.at("csv/F-1").last_seen_run, 2);
}

TYPED_TEST_P(StoreContract, IncompleteListingResolvesNothing) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-3")}),
                ymd(2026, 3, 20), 1);

    const Counts c =
        this->apply(a_listing("csv", {an_invoice("F-1")}, /*complete=*/false), ymd(2026, 3, 21), 2);

    EXPECT_EQ(c, counts(0, 0, 1, 0, 0));
    const auto open = by_key(this->book());
    ASSERT_EQ(open.size(), 3u);
    EXPECT_EQ(open.at("csv/F-1").last_seen_run, 2);
    // Not confirmed today: the engine sees it stale.
    EXPECT_EQ(open.at("csv/F-2").last_seen_run, 1);

    this->apply(a_listing("csv", {an_invoice("F-1")}, false), ymd(2026, 3, 22), 3);
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2")}, false), ymd(2026, 3, 23),
                4);
    const auto later = by_key(this->book());
    EXPECT_EQ(later.at("csv/F-1").last_seen_run, 4);
    EXPECT_EQ(later.at("csv/F-2").last_seen_run, 4);
    EXPECT_EQ(later.at("csv/F-3").last_seen_run, 1);
}

TYPED_TEST_P(StoreContract, InvoicesListedAsClosedAreResolved) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-3"),
                                  an_invoice("F-4"), an_invoice("F-5"), an_invoice("F-6")}),
                ymd(2026, 3, 20), 1);

    const Counts c =
        this->apply(a_listing("csv", {an_invoice("F-1").status(InvoiceStatus::Paid),
                                      an_invoice("F-2").status(InvoiceStatus::Void),
                                      an_invoice("F-3").status(InvoiceStatus::Credited),
                                      an_invoice("F-4").status(InvoiceStatus::Uncollectible),
                                      an_invoice("F-5").status(InvoiceStatus::Disputed),
                                      an_invoice("F-6").status(InvoiceStatus::Draft)}),
                    ymd(2026, 3, 21), 2);

    EXPECT_EQ(c, counts(0, 6, 0, 4, 0));
    const auto open = by_key(this->book());
    ASSERT_EQ(open.size(), 2u);  // disputed and draft stay: held or not issued, never resolved
    EXPECT_EQ(open.at("csv/F-5").invoice.status, InvoiceStatus::Disputed);
    EXPECT_EQ(open.at("csv/F-6").invoice.status, InvoiceStatus::Draft);
}

TYPED_TEST_P(StoreContract, ResolutionDateIsTheToolsWhenItGivesOneAndNeverLaterThanToday) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-3")}),
                ymd(2026, 4, 1), 1);

    // Run of 15 April: F-1 paid on 2 April says the tool; F-2 voided "on 20 April" (a tool clock
    // ahead of ours); F-3 paid with no date given. A new invoice F-4 arrives already paid on 10 April.
    this->apply(a_listing("csv", {an_invoice("F-1").status(InvoiceStatus::Paid).resolved(ymd(2026, 4, 2)),
                                  an_invoice("F-2").status(InvoiceStatus::Void).resolved(ymd(2026, 4, 20)),
                                  an_invoice("F-3").status(InvoiceStatus::Paid),
                                  an_invoice("F-4").status(InvoiceStatus::Paid).resolved(ymd(2026, 4, 10))}),
                ymd(2026, 4, 15), 2);
    // The next run lists F-1 with another date: the first resolution date stays.
    this->apply(a_listing("csv", {an_invoice("F-1").status(InvoiceStatus::Paid).resolved(ymd(2026, 4, 5)),
                                  an_invoice("F-2").status(InvoiceStatus::Void),
                                  an_invoice("F-3").status(InvoiceStatus::Paid),
                                  an_invoice("F-4").status(InvoiceStatus::Paid)}),
                ymd(2026, 4, 16), 3);

    const auto day = [&](const char* number) -> std::optional<Date> {
        auto t = this->store().timeline("csv", number);
        EXPECT_TRUE(t.has_value()) << describe(t.error());
        return t ? t->resolved_on : std::nullopt;
    };
    EXPECT_EQ(day("F-1"), ymd(2026, 4, 2));
    EXPECT_EQ(day("F-2"), ymd(2026, 4, 15));
    EXPECT_EQ(day("F-3"), ymd(2026, 4, 15));
    EXPECT_EQ(day("F-4"), ymd(2026, 4, 10));
}

TYPED_TEST_P(StoreContract, OpenInvoiceWithNothingLeftToPayIsResolved) {
    this->apply(a_listing("csv", {an_invoice("F-1").total(10000), an_invoice("F-2").total(10000),
                                  an_invoice("F-3").total(10000)}),
                ymd(2026, 3, 20), 1);

    // F-1 fully paid, F-2 paid 60.00 + credited 40.00, F-3 overpaid; all still "open" at source.
    const Counts c =
        this->apply(a_listing("csv", {an_invoice("F-1").total(10000).paid(10000),
                                      an_invoice("F-2").total(10000).paid(6000).credited(4000),
                                      an_invoice("F-3").total(10000).paid(10001)}),
                    ymd(2026, 3, 21), 2);

    EXPECT_EQ(c, counts(0, 3, 0, 3, 0));
    EXPECT_TRUE(this->open_keys().empty());
}

TYPED_TEST_P(StoreContract, ResolvedInvoiceListedOpenAgainIsReopened) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2")}), ymd(2026, 3, 20), 1);
    this->apply(a_listing("csv", {an_invoice("F-2").status(InvoiceStatus::Paid)}), ymd(2026, 3, 21),
                2);  // F-1 missing, F-2 listed paid
    ASSERT_TRUE(this->open_keys().empty());

    // F-1 comes back unchanged (say the export was cut short); F-2's payment bounced.
    const Counts c =
        this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2")}), ymd(2026, 3, 22), 3);

    EXPECT_EQ(c, counts(0, 1, 1, 0, 2));
    EXPECT_EQ(this->open_keys(), (std::vector<std::string>{"csv/F-1", "csv/F-2"}));
    const Counts again =
        this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2")}), ymd(2026, 3, 23), 4);
    EXPECT_EQ(again, counts(0, 0, 2, 0, 0));
}

TYPED_TEST_P(StoreContract, NewInvoiceAlreadyClosedIsStoredButNotCountedResolved) {
    const Counts c = this->apply(
        a_listing("csv", {an_invoice("F-1").status(InvoiceStatus::Paid), an_invoice("F-2")}),
        ymd(2026, 3, 20), 1);

    EXPECT_EQ(c, counts(2, 0, 0, 0, 0));
    EXPECT_EQ(this->open_keys(), std::vector<std::string>{"csv/F-2"});
    auto known = this->store().exists(HoldScope::Invoice, "csv", "F-1");
    ASSERT_TRUE(known.has_value());
    EXPECT_TRUE(*known);
    // Listed paid again the next day: nothing new happened.
    EXPECT_EQ(this->apply(a_listing("csv", {an_invoice("F-1").status(InvoiceStatus::Paid),
                                            an_invoice("F-2")}),
                          ymd(2026, 3, 21), 2),
              counts(0, 0, 2, 0, 0));
}

TYPED_TEST_P(StoreContract, MoneyRoundTripsInMinorUnitsForEveryExponent) {
    this->apply(a_listing("csv", {an_invoice("EUR-1").total(123456, "EUR").paid(20000),
                                  an_invoice("JPY-1").total(1234567, "JPY").paid(7),
                                  an_invoice("KWD-1").total(1234567, "KWD").credited(1),
                                  an_invoice("BIG-1").total(1'000'000'000'000'000, "EUR")}),
                ymd(2026, 3, 20), 1);

    const auto open = by_key(this->book());

    ASSERT_EQ(open.size(), 4u);
    const Invoice& eur = open.at("csv/EUR-1").invoice;
    EXPECT_EQ(eur.total, Money(123456, currency("EUR")));  // 1 234,56 EUR
    EXPECT_EQ(eur.amount_due(), Money(103456, currency("EUR")));
    EXPECT_EQ(eur.total.to_plain_string(), "1234.56");
    const Invoice& jpy = open.at("csv/JPY-1").invoice;
    EXPECT_EQ(jpy.total.currency().exponent(), 0);
    EXPECT_EQ(jpy.amount_due(), Money(1234560, currency("JPY")));
    EXPECT_EQ(jpy.total.to_plain_string(), "1234567");
    const Invoice& kwd = open.at("csv/KWD-1").invoice;
    EXPECT_EQ(kwd.total.currency().exponent(), 3);
    EXPECT_EQ(kwd.amount_due(), Money(1234566, currency("KWD")));
    EXPECT_EQ(kwd.total.to_plain_string(), "1234.567");
    EXPECT_EQ(open.at("csv/BIG-1").invoice.total.minor(), 1'000'000'000'000'000);
}

TYPED_TEST_P(StoreContract, DatesAndCustomerFieldsRoundTrip) {
    auto listing =
        a_listing("csv", {an_invoice("F-1").issued(std::nullopt).due(ymd(2028, 2, 29)),
                          an_invoice("F-2").issued(ymd(1999, 12, 31)).due(ymd(2026, 12, 31))});
    Customer& c = listing.customers.at(0);
    c.name = "Boulangerie \"Lefèvre\" SARL";
    c.emails = {"compta@lefevre.example", "o'brien\\x@ex.example", "ünï@çödé.example"};
    c.tags = {"vip", "négociation"};
    c.language = "en";
    c.type = CustomerType::B2C;

    this->apply(listing, ymd(2026, 3, 20), 1);
    const OpenBook book = this->book();

    const auto open = by_key(book);
    EXPECT_FALSE(open.at("csv/F-1").invoice.issue_date.has_value());
    EXPECT_EQ(open.at("csv/F-1").invoice.due_date, ymd(2028, 2, 29));
    EXPECT_EQ(open.at("csv/F-2").invoice.issue_date, ymd(1999, 12, 31));
    EXPECT_EQ(open.at("csv/F-2").invoice.due_date, ymd(2026, 12, 31));
    ASSERT_EQ(book.customers.size(), 1u);
    const Customer& got = book.customers[0];
    EXPECT_EQ(got.id, "C-1");
    EXPECT_EQ(got.name, "Boulangerie \"Lefèvre\" SARL");
    EXPECT_EQ(got.emails, c.emails);
    EXPECT_EQ(got.tags, c.tags);
    EXPECT_EQ(got.language, "en");
    EXPECT_EQ(got.type, CustomerType::B2C);
}

TYPED_TEST_P(StoreContract, CustomerChangesAreKeptAndTheLastDuplicateWins) {
    this->apply(a_listing("csv", {an_invoice("F-1").customer("C-1")}), ymd(2026, 3, 20), 1);
    // One customer per invoice row, as a CSV export gives them: the last occurrence wins.
    auto listing = a_listing("csv", {an_invoice("F-1").customer("C-1")});
    Customer renamed = a_customer("C-1");
    renamed.name = "Lefèvre & Fils";
    renamed.emails = {"a@example.com", "b@example.com"};
    renamed.tags = {"vip"};
    listing.customers.push_back(renamed);

    this->apply(listing, ymd(2026, 3, 21), 2);
    const OpenBook book = this->book();

    ASSERT_EQ(book.customers.size(), 1u);
    EXPECT_EQ(book.customers[0].name, "Lefèvre & Fils");
    EXPECT_EQ(book.customers[0].emails,
              (std::vector<std::string>{"a@example.com", "b@example.com"}));
    EXPECT_TRUE(book.customers[0].has_tag("VIP"));
}

TYPED_TEST_P(StoreContract, CustomersOfResolvedInvoicesAreNotInTheBook) {
    this->apply(
        a_listing("csv", {an_invoice("F-1").customer("C-1"), an_invoice("F-2").customer("C-2")}),
        ymd(2026, 3, 20), 1);
    this->apply(a_listing("csv", {an_invoice("F-1").customer("C-1")}), ymd(2026, 3, 21), 2);

    const OpenBook book = this->book();

    ASSERT_EQ(book.customers.size(), 1u);
    EXPECT_EQ(book.customers[0].id, "C-1");
    auto c2 = this->store().exists(HoldScope::Customer, "csv", "C-2");
    ASSERT_TRUE(c2.has_value());
    EXPECT_TRUE(*c2);
}

TYPED_TEST_P(StoreContract, FailureHalfwayThroughAListingChangesNothing) {
    this->apply(a_listing("csv", {an_invoice("F-1"), an_invoice("F-2")}), ymd(2026, 3, 20), 1);
    Invoice bad = an_invoice("F-9").total(5000, "EUR");
    bad.paid = Money{100, currency("JPY")};  // one currency column per invoice: refused
    auto listing = a_listing("csv", {an_invoice("F-1").paid(5000), an_invoice("F-3"), bad});

    auto r = this->store().apply_listing(listing, ymd(2026, 3, 21), 2);

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(describe(r.error()).find("F-9"), std::string::npos) << describe(r.error());
    const auto open = by_key(this->book());
    ASSERT_EQ(open.size(), 2u);  // F-2 not resolved, F-3 not inserted
    EXPECT_EQ(open.at("csv/F-1").invoice.paid.minor(), 0);
    EXPECT_EQ(open.at("csv/F-1").last_seen_run, 1);
    // The same listing without the bad invoice then counts from the untouched state.
    listing.invoices.pop_back();
    EXPECT_EQ(this->apply(listing, ymd(2026, 3, 21), 2), counts(1, 1, 0, 1, 0));
}

TYPED_TEST_P(StoreContract, InvoiceListedTwiceIsRefused) {
    auto r = this->store().apply_listing(
        a_listing("csv", {an_invoice("F-1"), an_invoice("F-2"), an_invoice("F-1").paid(10)}),
        ymd(2026, 3, 20), 1);

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_TRUE(this->book().invoices.empty());
}

TYPED_TEST_P(StoreContract, InvoiceOfAnotherSourceInTheListingIsRefused) {
    auto r = this->store().apply_listing(a_listing("csv", {an_invoice("F-1").source("stripe")}),
                                         ymd(2026, 3, 20), 1);

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
}

TYPED_TEST_P(StoreContract, DataSurvivesReopening) {
    this->apply(a_listing("csv", {an_invoice("F-1").total(4200, "KWD")}), ymd(2026, 3, 20), 1);

    auto again = this->reopen();
    ASSERT_NE(again, nullptr);
    auto book = again->load_open_book();

    ASSERT_TRUE(book.has_value()) << describe(book.error());
    ASSERT_EQ(book->invoices.size(), 1u);
    EXPECT_EQ(book->invoices[0].invoice.total, Money(4200, currency("KWD")));
}

// --- Holds --------------------------------------------------------------------------------------

TYPED_TEST_P(StoreContract, HoldsArePutReplacedAndRemoved) {
    Hold pause{HoldScope::Customer, "csv", "C-1", "negotiation", ymd(2026, 5, 12), ymd(2026, 4, 1)};
    Hold promise{HoldScope::Invoice, "csv", "F-7", "promise to pay", std::nullopt, std::nullopt};
    ASSERT_TRUE(this->store().put_hold(pause, "alice").has_value());
    ASSERT_TRUE(this->store().put_hold(promise, "bob").has_value());

    pause.reason = "payment plan";
    pause.until = ymd(2026, 6, 30);
    ASSERT_TRUE(this->store().put_hold(pause, "alice").has_value());
    auto holds = this->store().list_holds();

    ASSERT_TRUE(holds.has_value()) << describe(holds.error());
    ASSERT_EQ(holds->size(), 2u);
    const Hold& h = (*holds)[0].scope == HoldScope::Customer ? (*holds)[0] : (*holds)[1];
    const Hold& i = (*holds)[0].scope == HoldScope::Customer ? (*holds)[1] : (*holds)[0];
    EXPECT_EQ(h.source, "csv");
    EXPECT_EQ(h.key, "C-1");
    EXPECT_EQ(h.reason, "payment plan");
    EXPECT_EQ(h.until, ymd(2026, 6, 30));
    EXPECT_EQ(h.since, ymd(2026, 4, 1));
    EXPECT_EQ(i.key, "F-7");
    EXPECT_FALSE(i.until.has_value());
    EXPECT_FALSE(i.since.has_value());
    EXPECT_EQ(this->book().holds.size(), 2u);

    auto removed = this->store().remove_hold(HoldScope::Customer, "csv", "C-1", "alice");
    ASSERT_TRUE(removed.has_value());
    EXPECT_TRUE(*removed);
    auto again = this->store().remove_hold(HoldScope::Customer, "csv", "C-1", "alice");
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(*again);
    auto other_scope = this->store().remove_hold(HoldScope::Customer, "csv", "F-7", "alice");
    ASSERT_TRUE(other_scope.has_value());
    EXPECT_FALSE(*other_scope);
    auto left = this->store().list_holds();
    ASSERT_TRUE(left.has_value());
    ASSERT_EQ(left->size(), 1u);
    EXPECT_EQ((*left)[0].key, "F-7");
}

TYPED_TEST_P(StoreContract, ExistsKnowsCustomersAndInvoicesPerSource) {
    this->apply(a_listing("csv", {an_invoice("F-1").customer("C-1")}), ymd(2026, 3, 20), 1);

    auto check = [&](HoldScope scope, const char* source, const char* key) {
        auto r = this->store().exists(scope, source, key);
        EXPECT_TRUE(r.has_value());
        return r && *r;
    };

    EXPECT_TRUE(check(HoldScope::Customer, "csv", "C-1"));
    EXPECT_TRUE(check(HoldScope::Invoice, "csv", "F-1"));
    EXPECT_FALSE(check(HoldScope::Customer, "csv", "F-1"));
    EXPECT_FALSE(check(HoldScope::Invoice, "csv", "C-1"));
    EXPECT_FALSE(check(HoldScope::Invoice, "stripe", "F-1"));
    EXPECT_FALSE(check(HoldScope::Customer, "csv", "C-2"));
}

// --- Outbox -------------------------------------------------------------------------------------

TYPED_TEST_P(StoreContract, ClaimInsertsPlannedRowsWithIds) {
    this->seed({"F-1", "F-2"});
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21)),
                                     a_reminder("F-2", 1, ymd(2026, 3, 21))};
    rows[1].amount_due = Money{1234567, currency("KWD")};
    rows[1].detail = "outbox/F-2.eml";

    auto claimed = this->store().claim(rows);

    ASSERT_TRUE(claimed.has_value()) << describe(claimed.error());
    EXPECT_EQ(*claimed, (std::vector<bool>{true, true}));
    EXPECT_GT(rows[0].id, 0);
    EXPECT_GT(rows[1].id, rows[0].id);
    auto listed = this->store().reminders(0);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    const ReminderRow& newest = (*listed)[0];  // newest first
    EXPECT_EQ(newest.id, rows[1].id);
    EXPECT_EQ(newest.source, "csv");
    EXPECT_EQ(newest.invoice_number, "F-2");
    EXPECT_EQ(newest.level, 1);
    EXPECT_EQ(newest.channel, "email");
    EXPECT_EQ(newest.message_id, "<relance.F-2.l1@example.com>");
    EXPECT_EQ(newest.state, ReminderState::Planned);
    EXPECT_EQ(newest.planned_on, ymd(2026, 3, 21));
    EXPECT_EQ(newest.run_id, 1);
    EXPECT_EQ(newest.recipient, "c-1@example.com");
    EXPECT_EQ(newest.subject, "Facture F-2");
    EXPECT_EQ(newest.amount_due, Money(1234567, currency("KWD")));
    EXPECT_EQ(newest.detail, "outbox/F-2.eml");
    auto one = this->store().reminders(1);
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->size(), 1u);
}

TYPED_TEST_P(StoreContract, SecondClaimOfTheSameKeyIsRefused) {
    this->seed();
    std::vector<ReminderRow> first = {a_reminder("F-1", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(first).has_value());
    ASSERT_TRUE(this->store()
                    .set_state(std::vector<std::int64_t>{first[0].id}, ReminderState::Sent, {})
                    .has_value());

    // Same invoice, level and channel the next day; another channel and another level are new.
    std::vector<ReminderRow> second = {a_reminder("F-1", 1, ymd(2026, 3, 22)),
                                       a_reminder("F-1", 1, ymd(2026, 3, 22), "letter"),
                                       a_reminder("F-1", 2, ymd(2026, 3, 22))};
    auto claimed = this->store().claim(second);

    ASSERT_TRUE(claimed.has_value()) << describe(claimed.error());
    EXPECT_EQ(*claimed, (std::vector<bool>{false, true, true}));
    EXPECT_EQ(second[0].id, first[0].id);
    auto rows = this->store().reminders(0);
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ(rows->back().state, ReminderState::Sent);  // the first row, untouched
    EXPECT_EQ(rows->back().planned_on, ymd(2026, 3, 21));
}

TYPED_TEST_P(StoreContract, FailedRowIsPlannedAgainWithTheSameId) {
    this->seed();
    std::vector<ReminderRow> first = {a_reminder("F-1", 2, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(first).has_value());
    const std::vector<std::string> why = {"550 mailbox unavailable"};
    ASSERT_TRUE(this->store()
                    .set_state(std::vector<std::int64_t>{first[0].id}, ReminderState::Failed, why)
                    .has_value());

    std::vector<ReminderRow> retry = {a_reminder("F-1", 2, ymd(2026, 3, 23))};
    retry[0].run_id = 5;
    retry[0].message_id = "<retry@example.com>";
    auto claimed = this->store().claim(retry);

    ASSERT_TRUE(claimed.has_value()) << describe(claimed.error());
    EXPECT_EQ(*claimed, std::vector<bool>{true});
    EXPECT_EQ(retry[0].id, first[0].id);
    auto rows = this->store().reminders(0);
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].state, ReminderState::Planned);
    EXPECT_EQ((*rows)[0].run_id, 5);
    EXPECT_EQ((*rows)[0].message_id, "<retry@example.com>");
    EXPECT_EQ((*rows)[0].planned_on, ymd(2026, 3, 23));
}

// A reminder refused for good (SMTP 5xx) stays as it is: no automatic retry, and it does not
// count as a contact (the customer never received it).
TYPED_TEST_P(StoreContract, RejectedRowIsNotPlannedAgainNorCounted) {
    this->seed();
    std::vector<ReminderRow> first = {a_reminder("F-1", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(first).has_value());
    const std::vector<std::string> why = {"550 5.1.1 no such mailbox"};
    ASSERT_TRUE(this->store()
                    .set_state(std::vector<std::int64_t>{first[0].id}, ReminderState::Rejected, why)
                    .has_value());

    std::vector<ReminderRow> again = {a_reminder("F-1", 1, ymd(2026, 3, 22))};
    auto claimed = this->store().claim(again);

    ASSERT_TRUE(claimed.has_value()) << describe(claimed.error());
    EXPECT_EQ(*claimed, std::vector<bool>{false});
    auto rows = this->store().reminders(0);
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].state, ReminderState::Rejected);
    EXPECT_EQ((*rows)[0].detail, "550 5.1.1 no such mailbox");
    EXPECT_EQ(by_key(this->book()).at("csv/F-1").history.last_level, 0);
}

// A person settles what the engine could not: an uncertain reminder confirmed as sent keeps its
// place in the history; one to retry leaves it (so the planner sends that level again) and is
// planned again by the next claim. Rows in other states cannot be settled.
TYPED_TEST_P(StoreContract, SettleConfirmsOrRetriesUncertainRows) {
    this->seed({"F-1", "F-2"});
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21)),
                                     a_reminder("F-2", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(rows).has_value());
    const std::vector<std::int64_t> ids = {rows[0].id, rows[1].id};
    ASSERT_TRUE(this->store().set_state(ids, ReminderState::Uncertain, {}).has_value());
    auto pending = this->store().to_settle();
    ASSERT_TRUE(pending.has_value());
    ASSERT_EQ(pending->size(), 2u);

    auto confirmed = this->store().settle(rows[0].id, ReminderState::Sent, "seen in the sent box", "alice");
    auto retried = this->store().settle(rows[1].id, ReminderState::Failed, "never arrived", "alice");

    ASSERT_TRUE(confirmed.has_value()) << describe(confirmed.error());
    ASSERT_TRUE(retried.has_value()) << describe(retried.error());
    EXPECT_EQ(confirmed->state, ReminderState::Sent);
    EXPECT_EQ(confirmed->detail, "confirmed sent by alice: seen in the sent box");
    const auto open = by_key(this->book());
    EXPECT_EQ(open.at("csv/F-1").history.last_level, 1);
    EXPECT_EQ(open.at("csv/F-2").history.last_level, 0);
    auto left = this->store().to_settle();
    ASSERT_TRUE(left.has_value());
    ASSERT_EQ(left->size(), 1u);  // the one to retry, until the next run plans it
    std::vector<ReminderRow> again = {a_reminder("F-2", 1, ymd(2026, 3, 22))};
    auto claimed = this->store().claim(again);
    ASSERT_TRUE(claimed.has_value());
    EXPECT_EQ(*claimed, std::vector<bool>{true});

    auto twice = this->store().settle(rows[0].id, ReminderState::Sent, "", "bob");
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict);
    auto missing = this->store().settle(999999, ReminderState::Sent, "", "bob");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

// Two daemons share one store: one lease holder at a time; the holder renews; an expired lease
// (its daemon died) can be taken over; release frees it.
TYPED_TEST_P(StoreContract, LeaseHasOneHolderAndExpires) {
    using std::chrono::seconds;
    const std::chrono::sys_seconds t0{seconds{1775000000}};

    auto a = this->store().try_lease("daily-pass", "host-a:1", t0, seconds{600});
    auto b = this->store().try_lease("daily-pass", "host-b:2", t0 + seconds{10}, seconds{600});
    auto a_again = this->store().try_lease("daily-pass", "host-a:1", t0 + seconds{20}, seconds{600});
    auto b_late = this->store().try_lease("daily-pass", "host-b:2", t0 + seconds{619}, seconds{600});
    auto b_after = this->store().try_lease("daily-pass", "host-b:2", t0 + seconds{620}, seconds{600});

    ASSERT_TRUE(a.has_value()) << describe(a.error());
    EXPECT_TRUE(*a);
    EXPECT_FALSE(*b);
    EXPECT_TRUE(*a_again);  // renewed until t0 + 620
    EXPECT_FALSE(*b_late);
    EXPECT_TRUE(*b_after);  // a's lease ran out: its daemon is gone
    ASSERT_TRUE(this->store().release_lease("daily-pass", "host-a:1").has_value());  // not a's any more
    EXPECT_FALSE(*this->store().try_lease("daily-pass", "host-a:1", t0 + seconds{630}, seconds{600}));
    ASSERT_TRUE(this->store().release_lease("daily-pass", "host-b:2").has_value());
    EXPECT_TRUE(*this->store().try_lease("daily-pass", "host-a:1", t0 + seconds{631}, seconds{600}));
}

TYPED_TEST_P(StoreContract, ValuesAreKeptAndReplaced) {
    EXPECT_EQ(*this->store().get_value("next_run"), "");
    ASSERT_TRUE(this->store().put_value("next_run", "2026-04-10T07:00:00Z").has_value());
    ASSERT_TRUE(this->store().put_value("next_run", "2026-04-11T07:00:00Z").has_value());
    EXPECT_EQ(*this->store().get_value("next_run"), "2026-04-11T07:00:00Z");
}

TYPED_TEST_P(StoreContract, HistoryComesFromRemindersThatDidNotFail) {
    this->seed({"F-1", "F-2", "F-3"});
    std::vector<ReminderRow> rows = {
        a_reminder("F-1", 1, ymd(2026, 3, 21)), a_reminder("F-1", 2, ymd(2026, 3, 29)),
        a_reminder("F-1", 1, ymd(2026, 3, 30), "letter"), a_reminder("F-2", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(rows).has_value());
    const std::vector<std::int64_t> sent = {rows[0].id, rows[2].id, rows[3].id};
    ASSERT_TRUE(this->store().set_state(sent, ReminderState::Sent, {}).has_value());
    // F-1's level 2 failed; F-2's only reminder failed too.
    const std::vector<std::int64_t> failed = {rows[1].id, rows[3].id};
    ASSERT_TRUE(this->store().set_state(failed, ReminderState::Failed, {}).has_value());

    const auto open = by_key(this->book());

    EXPECT_EQ(open.at("csv/F-1").history.last_level, 1);
    EXPECT_EQ(open.at("csv/F-1").history.last_contact, ymd(2026, 3, 30));
    EXPECT_EQ(open.at("csv/F-2").history.last_level, 0);
    EXPECT_FALSE(open.at("csv/F-2").history.last_contact.has_value());
    EXPECT_EQ(open.at("csv/F-3").history.last_level, 0);

    // Planned again: counts once more, in every state but Failed (uncertain included).
    std::vector<ReminderRow> retry = {a_reminder("F-1", 2, ymd(2026, 3, 31))};
    ASSERT_TRUE(this->store().claim(retry).has_value());
    ASSERT_TRUE(this->store()
                    .set_state(std::vector<std::int64_t>{retry[0].id}, ReminderState::Uncertain, {})
                    .has_value());
    const auto later = by_key(this->book());
    EXPECT_EQ(later.at("csv/F-1").history.last_level, 2);
    EXPECT_EQ(later.at("csv/F-1").history.last_contact, ymd(2026, 3, 31));
}

TYPED_TEST_P(StoreContract, HistoryOfAReopenedInvoiceIsKept) {
    this->seed({"F-1"});
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(rows).has_value());
    this->apply(a_listing("csv", {}), ymd(2026, 3, 22), 2);  // F-1 gone: resolved
    ASSERT_TRUE(this->book().invoices.empty());

    this->apply(a_listing("csv", {an_invoice("F-1")}), ymd(2026, 3, 25), 3);

    const auto open = by_key(this->book());
    EXPECT_EQ(open.at("csv/F-1").history.last_level, 1);
    EXPECT_EQ(open.at("csv/F-1").history.last_contact, ymd(2026, 3, 21));
}

TYPED_TEST_P(StoreContract, InterruptedListsPlannedAndSendingRowsOldestFirst) {
    this->seed({"F-1", "F-2", "F-3", "F-4"});
    std::vector<ReminderRow> rows = {
        a_reminder("F-1", 1, ymd(2026, 3, 21)), a_reminder("F-2", 1, ymd(2026, 3, 21)),
        a_reminder("F-3", 1, ymd(2026, 3, 21)), a_reminder("F-4", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(rows).has_value());
    ASSERT_TRUE(this->store()
                    .set_state(std::vector<std::int64_t>{rows[0].id, rows[2].id},
                               ReminderState::Sending, {})
                    .has_value());
    ASSERT_TRUE(this->store()
                    .set_state(std::vector<std::int64_t>{rows[1].id}, ReminderState::Sent, {})
                    .has_value());

    auto left = this->store().interrupted();

    ASSERT_TRUE(left.has_value()) << describe(left.error());
    ASSERT_EQ(left->size(), 3u);
    EXPECT_EQ((*left)[0].invoice_number, "F-1");
    EXPECT_EQ((*left)[0].state, ReminderState::Sending);
    EXPECT_EQ((*left)[1].invoice_number, "F-3");
    EXPECT_EQ((*left)[1].state, ReminderState::Sending);
    EXPECT_EQ((*left)[2].invoice_number, "F-4");
    EXPECT_EQ((*left)[2].state, ReminderState::Planned);
}

TYPED_TEST_P(StoreContract, SetStateRecordsDetailsAndIsAllOrNothing) {
    this->seed({"F-1", "F-2"});
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21)),
                                     a_reminder("F-2", 1, ymd(2026, 3, 21))};
    ASSERT_TRUE(this->store().claim(rows).has_value());
    const std::vector<std::int64_t> ids = {rows[0].id, rows[1].id};
    const std::vector<std::string> details = {"250 OK id=1", "250 OK id=2"};
    ASSERT_TRUE(this->store().set_state(ids, ReminderState::Sent, details).has_value());

    const std::vector<std::int64_t> with_unknown = {rows[0].id, rows[1].id + 1000};
    auto unknown = this->store().set_state(with_unknown, ReminderState::Failed, {});
    const std::vector<std::string> one_detail = {"x"};
    auto mismatch = this->store().set_state(ids, ReminderState::Failed, one_detail);

    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::NotFound);
    ASSERT_FALSE(mismatch.has_value());
    EXPECT_EQ(mismatch.error().code, ErrorCode::InvalidInput);
    auto listed = this->store().reminders(0);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[1].state, ReminderState::Sent);  // rolled back with the unknown id
    EXPECT_EQ((*listed)[1].detail, "250 OK id=1");
    EXPECT_EQ((*listed)[0].detail, "250 OK id=2");
}

TYPED_TEST_P(StoreContract, ClaimForAnUnknownInvoiceIsNotFoundAndWritesNothing) {
    this->seed({"F-1"});
    std::vector<ReminderRow> rows = {a_reminder("F-1", 1, ymd(2026, 3, 21)),
                                     a_reminder("F-404", 1, ymd(2026, 3, 21))};

    auto claimed = this->store().claim(rows);

    ASSERT_FALSE(claimed.has_value());
    EXPECT_EQ(claimed.error().code, ErrorCode::NotFound);
    auto listed = this->store().reminders(0);
    ASSERT_TRUE(listed.has_value());
    EXPECT_TRUE(listed->empty());
}

// --- Runs and statistics ------------------------------------------------------------------------

TYPED_TEST_P(StoreContract, RunsRoundTripNewestFirst) {
    using std::chrono::sys_days;
    using std::chrono::sys_seconds;
    const sys_seconds t1 = sys_seconds{sys_days{ymd(2026, 3, 20)}} + std::chrono::hours{8};
    const sys_seconds t2 = sys_seconds{sys_days{ymd(2026, 3, 21)}} + std::chrono::hours{8};
    auto r1 = this->store().begin_run(ymd(2026, 3, 20), t1);
    auto r2 = this->store().begin_run(ymd(2026, 3, 21), t2);
    ASSERT_TRUE(r1.has_value() && r2.has_value());
    ASSERT_TRUE(this->store()
                    .finish_run(*r1, t1 + std::chrono::seconds{75}, "partial", R"({"sent":3})")
                    .has_value());

    auto all = this->store().runs(0);
    auto last = this->store().runs(1);
    auto missing = this->store().finish_run(*r2 + 100, t2, "ok", "{}");

    ASSERT_TRUE(all.has_value()) << describe(all.error());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_NE(*r1, *r2);
    const RunRecord& second = (*all)[0];
    EXPECT_EQ(second.id, *r2);
    EXPECT_EQ(second.run_date, ymd(2026, 3, 21));
    EXPECT_EQ(second.started_at, t2);
    EXPECT_EQ(second.status, "running");
    const RunRecord& first = (*all)[1];
    EXPECT_EQ(first.id, *r1);
    EXPECT_EQ(first.started_at, t1);
    EXPECT_EQ(first.finished_at, t1 + std::chrono::seconds{75});
    EXPECT_EQ(first.status, "partial");
    EXPECT_EQ(first.summary_json, R"({"sent":3})");
    ASSERT_TRUE(last.has_value());
    ASSERT_EQ(last->size(), 1u);
    EXPECT_EQ((*last)[0].id, *r2);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TYPED_TEST_P(StoreContract, SnapshotReplacesItsDayOnly) {
    const std::vector<LevelSnapshot> day1 = {
        {1, "EUR", 3, 45000}, {0, "JPY", 1, 120000}, {0, "EUR", 2, 1234}};
    const std::vector<LevelSnapshot> day2 = {{2, "EUR", 1, 999}};
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 3, 20), day1).has_value());
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 3, 21), day2).has_value());

    const std::vector<LevelSnapshot> again = {{4, "KWD", 7, 1234567}, {0, "EUR", 5, 1}};
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 3, 20), again).has_value());
    auto got = this->store().snapshot(ymd(2026, 3, 20));
    auto other = this->store().snapshot(ymd(2026, 3, 21));
    auto none = this->store().snapshot(ymd(2026, 3, 22));

    ASSERT_TRUE(got.has_value()) << describe(got.error());
    ASSERT_EQ(got->size(), 2u);  // ordered by level
    EXPECT_EQ((*got)[0].level, 0);
    EXPECT_EQ((*got)[0].currency, "EUR");
    EXPECT_EQ((*got)[0].count, 5);
    EXPECT_EQ((*got)[0].amount_minor, 1);
    EXPECT_EQ((*got)[1].level, 4);
    EXPECT_EQ((*got)[1].currency, "KWD");
    EXPECT_EQ((*got)[1].count, 7);
    EXPECT_EQ((*got)[1].amount_minor, 1234567);
    ASSERT_TRUE(other.has_value());
    ASSERT_EQ(other->size(), 1u);
    EXPECT_EQ((*other)[0].amount_minor, 999);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST_P(StoreContract, SnapshotWithTwiceTheSameRowChangesNothing) {
    const std::vector<LevelSnapshot> day = {{1, "EUR", 3, 45000}};
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 3, 20), day).has_value());
    const std::vector<LevelSnapshot> twice = {{2, "EUR", 1, 10}, {2, "EUR", 1, 10}};

    auto r = this->store().put_snapshot(ymd(2026, 3, 20), twice);

    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Conflict);
    auto got = this->store().snapshot(ymd(2026, 3, 20));
    ASSERT_TRUE(got.has_value());
    ASSERT_EQ(got->size(), 1u);
    EXPECT_EQ((*got)[0].amount_minor, 45000);
}

// --- Dashboard reads ----------------------------------------------------------------------------
//
// One store, worked out by hand, read as of 2026-06-01. Source csv, EUR unless said otherwise;
// listed complete on 2026-04-01 (run 1) and 2026-05-01 (run 2), when F-5 .. F-8 are missing
// (recorded paid that day) and F-9 is listed void:
//
//   inv   cust  total    paid   due         reminders (state)          on 2026-06-01
//   F-1   C-1   1000.00         2026-03-01  L1 03-08, L2 03-16 (sent)  open, 92 days late, L2
//   F-2   C-2    500.00  200.00 2026-04-15  L1 04-22 (sent)            open, 47 days, L1
//   F-3   C-2    200.00         2026-05-20  -                          open, 12 days, L0
//   F-4   C-3    300.00         2026-07-01  -                          open, not due
//   F-5   C-1    400.00         2026-03-10  L1 03-17 (sent)            paid 05-01 at L1 (45 days)
//   F-6   C-3    600.00         2026-03-20  L1 03-27, L2 04-04 (sent)  paid 05-01 at L2 (27 days)
//   F-7   C-3    100.00         2026-04-10  -                          paid 05-01 at L0 (21 days)
//   F-8   C-3    150.00         2026-05-10  -                          paid 05-01 on time
//   F-9   C-1    250.00         2026-03-05  L1 03-12 (sent)            void 05-01 at L1
//   F-10  C-4    700.00         2026-04-01  -                          disputed, 61 days, L0
//   F-11  C-5   50.00 USD       2026-05-25  -                          open, 7 days, L0 (C-5
//                                                                      tagged "negotiation")
//   F-12  C-3    999.00         2026-03-01  -                          draft: counted nowhere
//   F-13  C-1    120.00         2026-04-20  L1 04-27 (failed)          open, 42 days, L0
//
// Holds: customer C-2 paused ("payment plan"), F-1 held until 2026-05-15 (over by 06-01),
// F-10 held; customer C-1 paused and resumed.

/// The store above, and what each issue date is (for the DSO window (2026-03-03, 2026-06-01]).
inline void seed_statistics(Store& store) {
    const auto inv = [](std::string n, std::string c, std::int64_t total, Date due, Date issued) {
        return an_invoice(std::move(n)).customer(std::move(c)).total(total).due(due).issued(issued);
    };
    std::vector<Invoice> all = {
        inv("F-1", "C-1", 100000, ymd(2026, 3, 1), ymd(2026, 1, 30)),
        inv("F-2", "C-2", 50000, ymd(2026, 4, 15), ymd(2026, 3, 16)).paid(20000),
        inv("F-3", "C-2", 20000, ymd(2026, 5, 20), ymd(2026, 4, 20)),
        inv("F-4", "C-3", 30000, ymd(2026, 7, 1), ymd(2026, 5, 15)),
        inv("F-5", "C-1", 40000, ymd(2026, 3, 10), ymd(2026, 2, 8)),
        inv("F-6", "C-3", 60000, ymd(2026, 3, 20), ymd(2026, 2, 18)),
        inv("F-7", "C-3", 10000, ymd(2026, 4, 10), ymd(2026, 3, 11)),
        inv("F-8", "C-3", 15000, ymd(2026, 5, 10), ymd(2026, 4, 10)),
        inv("F-9", "C-1", 25000, ymd(2026, 3, 5), ymd(2026, 2, 3)),
        inv("F-10", "C-4", 70000, ymd(2026, 4, 1), ymd(2026, 3, 2)).status(InvoiceStatus::Disputed),
        inv("F-11", "C-5", 5000, ymd(2026, 5, 25), ymd(2026, 4, 25)).total(5000, "USD"),
        inv("F-12", "C-3", 99900, ymd(2026, 3, 1), ymd(2026, 2, 1)).status(InvoiceStatus::Draft),
        inv("F-13", "C-1", 12000, ymd(2026, 4, 20), ymd(2026, 3, 21)),
    };
    auto first = store.apply_listing(a_listing("csv", all), ymd(2026, 4, 1), 1);
    ASSERT_TRUE(first.has_value()) << describe(first.error());

    std::vector<ReminderRow> rows = {
        a_reminder("F-1", 1, ymd(2026, 3, 8)),  a_reminder("F-1", 2, ymd(2026, 3, 16)),
        a_reminder("F-2", 1, ymd(2026, 4, 22)), a_reminder("F-5", 1, ymd(2026, 3, 17)),
        a_reminder("F-6", 1, ymd(2026, 3, 27)), a_reminder("F-6", 2, ymd(2026, 4, 4)),
        a_reminder("F-9", 1, ymd(2026, 3, 12)), a_reminder("F-13", 1, ymd(2026, 4, 27))};
    ASSERT_TRUE(store.claim(rows).has_value());
    std::vector<std::int64_t> sent;
    for (std::size_t i = 0; i + 1 < rows.size(); ++i) sent.push_back(rows[i].id);
    ASSERT_TRUE(store.set_state(sent, ReminderState::Sent, {}).has_value());
    const std::vector<std::int64_t> failed = {rows.back().id};
    ASSERT_TRUE(store.set_state(failed, ReminderState::Failed, {}).has_value());

    std::vector<Invoice> later;
    for (const Invoice& i : all) {
        if (i.number == "F-5" || i.number == "F-6" || i.number == "F-7" || i.number == "F-8") continue;
        later.push_back(i);
        if (i.number == "F-9") later.back().status = InvoiceStatus::Void;
    }
    SourceListing second = a_listing("csv", later);
    for (Customer& c : second.customers) {
        if (c.id == "C-5") c.tags = {"vip", "negotiation"};
    }
    auto again = store.apply_listing(second, ymd(2026, 5, 1), 2);
    ASSERT_TRUE(again.has_value()) << describe(again.error());

    ASSERT_TRUE(store
                    .put_hold(Hold{HoldScope::Customer, "csv", "C-2", "payment plan", std::nullopt,
                                   std::nullopt},
                              "cli")
                    .has_value());
    ASSERT_TRUE(store
                    .put_hold(Hold{HoldScope::Customer, "csv", "C-1", "call first", std::nullopt,
                                   std::nullopt},
                              "cli")
                    .has_value());
    ASSERT_TRUE(store.remove_hold(HoldScope::Customer, "csv", "C-1", "web:bob").has_value());
    ASSERT_TRUE(store
                    .put_hold(Hold{HoldScope::Invoice, "csv", "F-1", "promise to pay",
                                   ymd(2026, 5, 15), std::nullopt},
                              "web:alice")
                    .has_value());
    ASSERT_TRUE(store
                    .put_hold(Hold{HoldScope::Invoice, "csv", "F-10", "dispute", std::nullopt,
                                   std::nullopt},
                              "cli")
                    .has_value());
}

/// (level, currency, count, amount) of a figure row, so that a mismatch prints every field.
using Figure = std::tuple<int, std::string, std::int64_t, std::int64_t>;

TYPED_TEST_P(StoreContract, OverviewCountsUnpaidOverdueAndAgeingByHand) {
    seed_statistics(this->store());

    auto o = this->store().overview(ymd(2026, 6, 1));

    ASSERT_TRUE(o.has_value()) << describe(o.error());
    EXPECT_EQ(o->today, ymd(2026, 6, 1));
    // Open: F-1 1000 + F-2 300 + F-3 200 + F-4 300 + F-10 700 + F-13 120 = 2620.00 EUR (6), and
    // F-11 50.00 USD; F-4 is the only one not due yet.
    std::vector<Figure> unpaid, overdue, not_due, by_level, ageing;
    for (const auto& c : o->unpaid) unpaid.emplace_back(0, c.currency, c.count, c.amount_minor);
    for (const auto& c : o->overdue) overdue.emplace_back(0, c.currency, c.count, c.amount_minor);
    for (const auto& c : o->not_due) not_due.emplace_back(0, c.currency, c.count, c.amount_minor);
    for (const auto& l : o->overdue_by_level) {
        by_level.emplace_back(l.level, l.currency, l.count, l.amount_minor);
    }
    for (const auto& b : o->ageing) ageing.emplace_back(b.from_days, b.currency, b.count, b.amount_minor);
    EXPECT_EQ(unpaid, (std::vector<Figure>{{0, "EUR", 6, 262000}, {0, "USD", 1, 5000}}));
    EXPECT_EQ(overdue, (std::vector<Figure>{{0, "EUR", 5, 232000}, {0, "USD", 1, 5000}}));
    EXPECT_EQ(not_due, (std::vector<Figure>{{0, "EUR", 1, 30000}}));
    // F-13's only reminder failed: it is still at level 0.
    EXPECT_EQ(by_level, (std::vector<Figure>{{0, "EUR", 3, 102000},
                                             {0, "USD", 1, 5000},
                                             {1, "EUR", 1, 30000},
                                             {2, "EUR", 1, 100000}}));
    // Days late: F-3 12 | F-2 47, F-13 42 | F-10 61 | F-1 92; F-11 7.
    EXPECT_EQ(ageing, (std::vector<Figure>{{1, "EUR", 1, 20000},
                                           {31, "EUR", 2, 42000},
                                           {61, "EUR", 1, 70000},
                                           {91, "EUR", 1, 100000},
                                           {1, "USD", 1, 5000},
                                           {31, "USD", 0, 0},
                                           {61, "USD", 0, 0},
                                           {91, "USD", 0, 0}}));
    ASSERT_EQ(o->ageing.size(), 8u);
    EXPECT_EQ(o->ageing[0].to_days, 30);
    EXPECT_EQ(o->ageing[3].to_days, -1);
}

TYPED_TEST_P(StoreContract, OverviewGivesWhatBecameOfEachLevel) {
    seed_statistics(this->store());

    auto o = this->store().overview(ymd(2026, 6, 1));

    ASSERT_TRUE(o.has_value()) << describe(o.error());
    // (reached, paid, moved_on, open, closed_otherwise, days_to_pay_total)
    using Outcome6 = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                                std::int64_t, std::int64_t>;
    std::vector<Outcome6> got;
    for (const auto& l : o->outcomes) {
        got.emplace_back(l.reached, l.paid, l.moved_on, l.open, l.closed_otherwise,
                         l.days_to_pay_total);
    }
    // L0, every invoice ever overdue (F-4 not due, F-8 paid on time, F-12 draft left out):
    //   F-1 F-2 F-5 F-6 F-9 moved on; F-3 F-10 F-11 F-13 open; F-7 paid 21 days after its due date.
    // L1: F-1 F-6 moved on; F-2 open; F-5 paid 45 days after 03-17; F-9 void.
    // L2: F-1 open; F-6 paid 27 days after 04-04.
    EXPECT_EQ(got, (std::vector<Outcome6>{{10, 1, 5, 4, 0, 21}, {5, 1, 2, 1, 1, 45}, {2, 1, 0, 1, 0, 27}}));
    ASSERT_EQ(o->outcomes.size(), 3u);
    EXPECT_EQ(o->outcomes[0].level, 0);
    EXPECT_EQ(o->outcomes[2].level, 2);
    EXPECT_EQ(o->outcomes[0].paid_rate_bps(), 1000);
    EXPECT_EQ(o->outcomes[1].paid_rate_bps(), 2000);
    EXPECT_EQ(o->outcomes[2].paid_rate_bps(), 5000);
}

TYPED_TEST_P(StoreContract, OverviewGivesDsoAndReminderCounts) {
    seed_statistics(this->store());

    auto o = this->store().overview(ymd(2026, 6, 1));

    ASSERT_TRUE(o.has_value()) << describe(o.error());
    // Issued in (03-03, 06-01]: F-2 500 + F-3 200 + F-4 300 + F-7 100 + F-8 150 + F-13 120 =
    // 1370.00 EUR (F-10 on 03-02 is out; F-12 is a draft). 2620 / 1370 x 90 = 172.1 -> 172.
    // USD: 50 / 50 x 90 = 90.
    ASSERT_EQ(o->dso.size(), 2u);
    EXPECT_EQ(o->dso[0].currency, "EUR");
    EXPECT_EQ(o->dso[0].receivable_minor, 262000);
    EXPECT_EQ(o->dso[0].sales_minor, 137000);
    EXPECT_EQ(o->dso[0].days, std::optional<std::int64_t>{172});
    EXPECT_EQ(o->dso[1].currency, "USD");
    EXPECT_EQ(o->dso[1].days, std::optional<std::int64_t>{90});
    std::vector<std::tuple<int, std::string, std::int64_t>> reminders;
    for (const auto& r : o->reminders) reminders.emplace_back(r.level, r.state, r.count);
    EXPECT_EQ(reminders, (std::vector<std::tuple<int, std::string, std::int64_t>>{
                             {1, "failed", 1}, {1, "sent", 5}, {2, "sent", 2}}));
}

TYPED_TEST_P(StoreContract, OverviewOfAnEmptyStoreHasNoFigures) {
    auto o = this->store().overview(ymd(2026, 6, 1));

    ASSERT_TRUE(o.has_value()) << describe(o.error());
    EXPECT_TRUE(o->unpaid.empty());
    EXPECT_TRUE(o->overdue_by_level.empty());
    EXPECT_TRUE(o->ageing.empty());
    EXPECT_TRUE(o->outcomes.empty());
    EXPECT_TRUE(o->dso.empty());
}

TYPED_TEST_P(StoreContract, OverdueListIsFilteredAndSortedByDaysLate) {
    seed_statistics(this->store());
    const auto numbers = [&](const OverdueFilter& f) {
        auto list = this->store().overdue(f, ymd(2026, 6, 1));
        EXPECT_TRUE(list.has_value()) << describe(list.error());
        std::vector<std::string> out;
        if (!list) return out;
        for (const auto& r : list->rows) out.push_back(r.number);
        out.push_back("total " + std::to_string(list->total));
        return out;
    };
    using V = std::vector<std::string>;

    EXPECT_EQ(numbers({}), (V{"F-1", "F-10", "F-2", "F-13", "F-3", "F-11", "total 6"}));
    EXPECT_EQ(numbers({.level = 0}), (V{"F-10", "F-13", "F-3", "F-11", "total 4"}));
    EXPECT_EQ(numbers({.customer = "c-2"}), (V{"F-2", "F-3", "total 2"}));
    EXPECT_EQ(numbers({.customer = "CUSTOMER C-4"}), (V{"F-10", "total 1"}));
    EXPECT_EQ(numbers({.min_amount_minor = 30000}), (V{"F-1", "F-10", "F-2", "total 3"}));
    EXPECT_EQ(numbers({.max_amount_minor = 12000}), (V{"F-13", "F-11", "total 2"}));
    // Held: C-2 paused (F-2, F-3), F-10 disputed; F-1's hold ended on 05-15.
    EXPECT_EQ(numbers({.held = true}), (V{"F-10", "F-2", "F-3", "total 3"}));
    EXPECT_EQ(numbers({.held = false}), (V{"F-1", "F-13", "F-11", "total 3"}));
    EXPECT_EQ(numbers({.held = true, .hold_tags = {"negotiation"}}),
              (V{"F-10", "F-2", "F-3", "F-11", "total 4"}));
    EXPECT_EQ(numbers({.limit = 2}), (V{"F-1", "F-10", "total 6"}));
}

TYPED_TEST_P(StoreContract, OverdueRowsCarryWhatTheListShows) {
    seed_statistics(this->store());

    auto list = this->store().overdue({.customer = "C-2", .hold_tags = {"negotiation"}},
                                      ymd(2026, 6, 1));

    ASSERT_TRUE(list.has_value()) << describe(list.error());
    ASSERT_EQ(list->rows.size(), 2u);
    const OverdueRow& r = list->rows[0];
    EXPECT_EQ(r.source, "csv");
    EXPECT_EQ(r.number, "F-2");
    EXPECT_EQ(r.customer_id, "C-2");
    EXPECT_EQ(r.customer_name, "Customer C-2");
    EXPECT_EQ(r.due_date, ymd(2026, 4, 15));
    EXPECT_EQ(r.days_late, 47);
    EXPECT_EQ(r.level, 1);
    EXPECT_EQ(r.last_contact, ymd(2026, 4, 22));
    EXPECT_EQ(r.total, (Money{50000, Currency::eur()}));
    EXPECT_EQ(r.amount_due, (Money{30000, Currency::eur()}));
    EXPECT_EQ(r.status, InvoiceStatus::Open);
    EXPECT_TRUE(r.held);
    EXPECT_EQ(r.held_because, "payment plan");
    EXPECT_EQ(list->rows[1].level, 0);
    EXPECT_FALSE(list->rows[1].last_contact.has_value());
}

TYPED_TEST_P(StoreContract, TimelineGathersHoldsAuditAndReminders) {
    seed_statistics(this->store());

    auto t = this->store().timeline("csv", "F-1");
    auto reminders = this->store().reminders_of("csv", "F-1");
    auto paid = this->store().timeline("csv", "F-6");
    auto missing = this->store().timeline("csv", "F-99");

    ASSERT_TRUE(t.has_value()) << describe(t.error());
    EXPECT_EQ(t->invoice.number, "F-1");
    EXPECT_EQ(t->invoice.customer_id, "C-1");
    EXPECT_EQ(t->invoice.total, (Money{100000, Currency::eur()}));
    EXPECT_EQ(t->invoice.due_date, ymd(2026, 3, 1));
    EXPECT_EQ(t->customer_name, "Customer C-1");
    EXPECT_EQ(t->first_seen_on, ymd(2026, 4, 1));
    EXPECT_FALSE(t->resolved_on.has_value());
    EXPECT_EQ(t->resolution, "");
    EXPECT_EQ(t->level, 2);
    ASSERT_EQ(t->holds.size(), 1u);
    EXPECT_EQ(t->holds[0].reason, "promise to pay");
    // Its customer's pause and resume, then its own hold; not F-10's hold (a longer number).
    std::vector<std::tuple<std::string, std::string>> audit;
    for (const auto& a : t->audit) audit.emplace_back(a.actor, a.action);
    EXPECT_EQ(audit, (std::vector<std::tuple<std::string, std::string>>{
                         {"cli", "pause"}, {"web:bob", "resume"}, {"web:alice", "hold"}}));
    ASSERT_TRUE(reminders.has_value()) << describe(reminders.error());
    ASSERT_EQ(reminders->size(), 2u);
    EXPECT_EQ((*reminders)[0].level, 1);
    EXPECT_EQ((*reminders)[0].planned_on, ymd(2026, 3, 8));
    EXPECT_EQ((*reminders)[1].level, 2);
    EXPECT_EQ((*reminders)[1].state, ReminderState::Sent);
    ASSERT_TRUE(paid.has_value());
    EXPECT_EQ(paid->resolved_on, ymd(2026, 5, 1));
    EXPECT_EQ(paid->resolution, "paid");
    EXPECT_EQ(paid->level, 2);
    EXPECT_TRUE(paid->audit.empty());
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TYPED_TEST_P(StoreContract, SnapshotsAreReadOverARangeOfDays) {
    const std::vector<LevelSnapshot> a = {{1, "EUR", 2, 500}, {0, "EUR", 1, 100}};
    const std::vector<LevelSnapshot> b = {{2, "EUR", 1, 900}};
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 5, 30), a).has_value());
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 5, 31), b).has_value());
    ASSERT_TRUE(this->store().put_snapshot(ymd(2026, 6, 1), b).has_value());

    auto got = this->store().snapshots(ymd(2026, 5, 30), ymd(2026, 5, 31));

    ASSERT_TRUE(got.has_value()) << describe(got.error());
    ASSERT_EQ(got->size(), 3u);  // by day, then level
    EXPECT_EQ((*got)[0].day, ymd(2026, 5, 30));
    EXPECT_EQ((*got)[0].level, 0);
    EXPECT_EQ((*got)[0].amount_minor, 100);
    EXPECT_EQ((*got)[1].level, 1);
    EXPECT_EQ((*got)[1].count, 2);
    EXPECT_EQ((*got)[2].day, ymd(2026, 5, 31));
    EXPECT_EQ((*got)[2].amount_minor, 900);
}

TYPED_TEST_P(StoreContract, AppendedAuditRowsAreReadNewestFirst) {
    ASSERT_TRUE(this->store().append_audit("web:bob", "preview", "3 reminders for 2026-06-02").has_value());
    ASSERT_TRUE(this->store()
                    .put_hold(Hold{HoldScope::Customer, "csv", "C-9", "", std::nullopt, std::nullopt},
                              "web:token")
                    .has_value());

    auto log = this->store().audit_log(0);
    auto one = this->store().audit_log(1);

    ASSERT_TRUE(log.has_value()) << describe(log.error());
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].actor, "web:token");
    EXPECT_EQ((*log)[0].action, "pause");
    EXPECT_EQ((*log)[0].detail, "customer csv/C-9");
    EXPECT_EQ((*log)[1].actor, "web:bob");
    EXPECT_EQ((*log)[1].action, "preview");
    EXPECT_EQ((*log)[1].detail, "3 reminders for 2026-06-02");
    ASSERT_TRUE(one.has_value());
    ASSERT_EQ(one->size(), 1u);
}

REGISTER_TYPED_TEST_SUITE_P(
    StoreContract, FreshStoreHasAnEmptyBook, FirstListingInsertsInvoicesAndCustomers,
    RelistingCountsUpdatedAndUnchanged, CompleteListingResolvesMissingInvoicesOfThatSourceOnly,
    CompleteListingKeepsRejectedInvoicesOpenWithTheirData, IncompleteListingResolvesNothing,
    RejectedRowIsNotPlannedAgainNorCounted, SettleConfirmsOrRetriesUncertainRows,
    LeaseHasOneHolderAndExpires, ValuesAreKeptAndReplaced,
    InvoicesListedAsClosedAreResolved, ResolutionDateIsTheToolsWhenItGivesOneAndNeverLaterThanToday,
    OpenInvoiceWithNothingLeftToPayIsResolved,
    ResolvedInvoiceListedOpenAgainIsReopened, NewInvoiceAlreadyClosedIsStoredButNotCountedResolved,
    MoneyRoundTripsInMinorUnitsForEveryExponent, DatesAndCustomerFieldsRoundTrip,
    CustomerChangesAreKeptAndTheLastDuplicateWins, CustomersOfResolvedInvoicesAreNotInTheBook,
    FailureHalfwayThroughAListingChangesNothing, InvoiceListedTwiceIsRefused,
    InvoiceOfAnotherSourceInTheListingIsRefused, DataSurvivesReopening,
    HoldsArePutReplacedAndRemoved, ExistsKnowsCustomersAndInvoicesPerSource,
    ClaimInsertsPlannedRowsWithIds, SecondClaimOfTheSameKeyIsRefused,
    FailedRowIsPlannedAgainWithTheSameId, HistoryComesFromRemindersThatDidNotFail,
    HistoryOfAReopenedInvoiceIsKept, InterruptedListsPlannedAndSendingRowsOldestFirst,
    SetStateRecordsDetailsAndIsAllOrNothing, ClaimForAnUnknownInvoiceIsNotFoundAndWritesNothing,
    RunsRoundTripNewestFirst, SnapshotReplacesItsDayOnly,
    SnapshotWithTwiceTheSameRowChangesNothing, OverviewCountsUnpaidOverdueAndAgeingByHand,
    OverviewGivesWhatBecameOfEachLevel, OverviewGivesDsoAndReminderCounts,
    OverviewOfAnEmptyStoreHasNoFigures, OverdueListIsFilteredAndSortedByDaysLate,
    OverdueRowsCarryWhatTheListShows, TimelineGathersHoldsAuditAndReminders,
    SnapshotsAreReadOverARangeOfDays, AppendedAuditRowsAreReadNewestFirst);

}  // namespace relance::test
