// SPDX-License-Identifier: MIT
// relance_bench: the project's one Google Benchmark binary (docs/style "Benchmarks").
//   BM_Plan         relance::plan over 100k PlanItems built in memory (items/s = invoices/s)
//   BM_CsvRead      read_csv_invoices over a generated 100k-row export (bytes/s, items/s = rows/s)
//   BM_Render       1k e-mails (subject + text + HTML) with the built-in templates (items/s)
//   BM_SqliteClaim  10k outbox rows through SqliteStore::claim(), one transaction (items/s)
// Inputs come from bench/invoice_gen (fixed seed and date), so every run measures the same data.
// Run: build-bench/bench/relance_bench [--benchmark_filter=Plan] [--benchmark_format=json]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/render/template_renderer.h"
#include "adapters/sources/csv/csv_source.h"
#include "adapters/store/sqlite/sqlite_store.h"
#include "bench/invoice_gen.h"
#include "core/planner/planner.h"
#include "core/policy/policy.h"

namespace {

using relance::Date;

constexpr std::uint64_t kSeed = 42;

std::string generated_csv(std::size_t rows) {
    relance::bench::GenOptions o;
    o.count = rows;
    o.seed = kSeed;
    return relance::bench::generate_invoices_csv(o);
}

relance::SourceListing parse_or_die(const std::string& bytes) {
    auto listing = relance::csv::read_csv_invoices(bytes, relance::csv::CsvOptions{}, "bench.csv");
    if (!listing || !listing->rejected.empty()) {
        std::fprintf(stderr, "relance_bench: the generated CSV does not read cleanly: %s\n",
                     listing ? listing->rejected.front().message.c_str()
                             : listing.error().describe().c_str());
        std::abort();
    }
    return std::move(*listing);
}

// ---- Planner ---------------------------------------------------------------------------------

// 100k invoices from the generator, with a deterministic history and a few holds, as
// DailyPass::run builds them from the store's open book.
struct PlanData {
    relance::SourceListing listing;
    std::vector<relance::Hold> holds;
    std::vector<relance::PlanItem> items;
    relance::Policy policy = relance::Policy::defaults();
    Date today = relance::bench::default_reference_date();
};

const PlanData& plan_data() {
    static const PlanData data = [] {
        PlanData d;
        d.listing = parse_or_die(generated_csv(100'000));
        std::unordered_map<std::string, const relance::Customer*> customers;
        for (const relance::Customer& c : d.listing.customers) customers.emplace(c.id, &c);
        const std::size_t n = d.listing.invoices.size();
        d.holds.reserve(n / 100 + 1);
        d.items.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const relance::Invoice& inv = d.listing.invoices[i];
            relance::PlanItem item;
            item.invoice = &inv;
            if (auto it = customers.find(inv.customer_id); it != customers.end()) {
                item.customer = it->second;
            }
            // 40% never reminded, 30% at level 1, 20% at level 2, 10% at level 3; the last
            // reminder 1..20 days ago.
            const std::size_t bucket = i % 10;
            const int level = bucket < 4 ? 0 : bucket < 7 ? 1 : bucket < 9 ? 2 : 3;
            item.history.last_level = level;
            if (level > 0) {
                item.history.last_contact =
                    relance::add_days(d.today, -static_cast<int>(1 + (i * 7) % 20));
            }
            if (i % 100 == 50) {  // 1%: a hold on the invoice, half of them expired
                relance::Hold h;
                h.scope = relance::HoldScope::Invoice;
                h.source = inv.source;
                h.key = inv.number;
                h.reason = "promesse de paiement";
                h.until = relance::add_days(d.today, i % 200 == 50 ? 10 : -10);
                d.holds.push_back(std::move(h));
                item.holds.push_back(&d.holds.back());
            }
            item.fresh = i % 1000 != 999;  // 0.1% stale
            d.items.push_back(std::move(item));
        }
        return d;
    }();
    return data;
}

void BM_Plan(benchmark::State& state) {
    const PlanData& d = plan_data();
    for (auto _ : state) {
        std::vector<relance::Decision> decisions = relance::plan(d.items, d.policy, d.today);
        benchmark::DoNotOptimize(decisions.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.items.size()));
    state.counters["invoices"] = static_cast<double>(d.items.size());
}
BENCHMARK(BM_Plan)->Unit(benchmark::kMillisecond);

// ---- CSV reader ------------------------------------------------------------------------------

void BM_CsvRead(benchmark::State& state) {
    static const std::string bytes = generated_csv(100'000);
    const relance::csv::CsvOptions options;
    std::size_t rows = 0;
    for (auto _ : state) {
        auto listing = relance::csv::read_csv_invoices(bytes, options, "bench.csv");
        if (!listing || !listing->rejected.empty()) {
            state.SkipWithError("the generated CSV does not read cleanly");
            return;
        }
        rows = listing->invoices.size();
        benchmark::DoNotOptimize(listing->invoices.data());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["file_MiB"] = static_cast<double>(bytes.size()) / (1024.0 * 1024.0);
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond);

// ---- Rendering -------------------------------------------------------------------------------

// 1k messages: levels 1..4 in turn, the customer's language (fr/en), one invoice each except
// every tenth, which groups three invoices of that currency.
std::vector<relance::MessageFacts> render_facts() {
    const PlanData& d = plan_data();
    std::vector<relance::MessageFacts> out;
    std::size_t next = 0;
    const auto line_of = [&](const relance::Invoice& inv, int level) {
        const relance::Money due = inv.amount_due();
        return relance::InvoiceLine{inv.number,
                                    *inv.due_date,
                                    inv.issue_date,
                                    relance::days_between(*inv.due_date, d.today),
                                    level,
                                    inv.total,
                                    relance::Money{inv.paid.minor() + inv.credited.minor(),
                                                   inv.total.currency()},
                                    due,
                                    inv.payment_link};
    };
    while (out.size() < 1000 && next < d.items.size()) {
        const relance::PlanItem& item = d.items[next++];
        const relance::Invoice& inv = *item.invoice;
        if (!inv.due_date || !inv.amount_due().is_positive() || item.customer == nullptr) continue;
        relance::MessageFacts f;
        f.level = static_cast<int>(out.size() % 4) + 1;
        f.language = item.customer->language.empty() ? "fr" : item.customer->language;
        f.company_name = "Mon Entreprise SARL";
        f.company_email = "relances@entreprise.example";
        f.company_phone = "+33 1 23 45 67 89";
        f.customer_name = item.customer->name;
        f.lines.push_back(line_of(inv, f.level));
        if (out.size() % 10 == 9) {
            for (std::size_t j = next; j < d.items.size() && f.lines.size() < 3; ++j) {
                const relance::Invoice& other = *d.items[j].invoice;
                if (other.due_date && other.amount_due().is_positive() &&
                    other.total.currency() == inv.total.currency()) {
                    f.lines.push_back(line_of(other, f.level));
                }
            }
        }
        std::int64_t sum = 0;
        for (const auto& l : f.lines) sum += l.amount_due.minor();
        f.amount_due = relance::Money{sum, inv.total.currency()};
        out.push_back(std::move(f));
    }
    return out;
}

void BM_Render(benchmark::State& state) {
    static const std::vector<relance::MessageFacts> facts = render_facts();
    auto renderer = relance::TemplateRenderer::builtin();
    if (!renderer) {
        state.SkipWithError(renderer.error().describe().c_str());
        return;
    }
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        for (const relance::MessageFacts& f : facts) {
            auto msg = renderer->render(f);
            if (!msg) {
                state.SkipWithError(msg.error().describe().c_str());
                return;
            }
            bytes += msg->subject.size() + msg->text.size() + msg->html.size();
            benchmark::DoNotOptimize(msg->html.data());
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(facts.size()));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
    state.counters["messages"] = static_cast<double>(facts.size());
}
BENCHMARK(BM_Render)->Unit(benchmark::kMillisecond);

// ---- SQLite outbox ---------------------------------------------------------------------------

// A temporary folder removed on scope exit.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "relance-bench-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) {
            std::perror("relance_bench: mkdtemp");
            std::abort();
        }
        path_ = tmpl;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Each iteration claims 10k new rows in a fresh store holding their 10k invoices; opening the
// store and writing the invoices is excluded from the timing.
void BM_SqliteClaim(benchmark::State& state) {
    static const relance::SourceListing listing = parse_or_die(generated_csv(10'000));
    const Date today = relance::bench::default_reference_date();
    std::vector<relance::ReminderRow> proto;
    proto.reserve(listing.invoices.size());
    for (const relance::Invoice& inv : listing.invoices) {
        relance::ReminderRow row;
        row.source = inv.source;
        row.invoice_number = inv.number;
        row.level = 1;
        row.channel = "email";
        row.message_id = "<relance.bench." + inv.number + ".l1@entreprise.example>";
        row.planned_on = today;
        row.recipient = "compta@" + inv.customer_id + ".example";
        row.subject = "Rappel : facture " + inv.number + " échue";
        row.amount_due = inv.amount_due();
        proto.push_back(std::move(row));
    }
    const TempDir dir;
    std::size_t round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const std::filesystem::path db = dir.path() / ("store" + std::to_string(round++) + ".db");
        auto store = relance::SqliteStore::open(db.string());
        if (!store) {
            state.SkipWithError(store.error().describe().c_str());
            return;
        }
        auto run = (*store)->begin_run(today, std::chrono::sys_seconds{
                                                  std::chrono::sys_days{today}.time_since_epoch()});
        if (!run || !(*store)->apply_listing(listing, today, *run)) {
            state.SkipWithError("cannot prepare the store");
            return;
        }
        std::vector<relance::ReminderRow> rows = proto;
        for (auto& r : rows) r.run_id = *run;
        state.ResumeTiming();

        auto claimed = (*store)->claim(rows);

        state.PauseTiming();
        if (!claimed || claimed->size() != rows.size()) {
            state.SkipWithError(claimed ? "claim returned the wrong size"
                                        : claimed.error().describe().c_str());
            return;
        }
        store->reset();
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(db.string() + suffix, ec);
        }
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(proto.size()));
    state.counters["rows"] = static_cast<double>(proto.size());
}
BENCHMARK(BM_SqliteClaim)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
