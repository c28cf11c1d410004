// SPDX-License-Identifier: MIT
// The daily pass, over the ports: fetch each source, sync it into the store, plan, dispatch
// through the outbox, record the run. Knows no concrete adapter; the app wires them.
//
// Exactly-once: each reminder is an outbox row (unique invoice x level x channel) claimed before
// delivery and marked sent after. Rows found planned/sending at start-up were interrupted: on an
// idempotent channel they are planned again (same file, same Message-ID); otherwise they become
// "uncertain" and count as sent, so nothing goes out twice.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/penalty/penalty.h"
#include "core/planner/planner.h"
#include "core/ports/channel.h"
#include "core/ports/dossier.h"
#include "core/ports/renderer.h"
#include "core/ports/source.h"
#include "core/ports/store.h"
#include "engine/letters.h"
#include "engine/alert_pass.h"

namespace relance {

/// Who sends the reminders.
struct CompanyInfo {
    std::string name = "Mon Entreprise";
    std::string email = "relances@entreprise.example";  // From
    std::string reply_to;
    std::string phone;
    std::string language = "fr";   // default when the customer has none
    std::string message_domain;    // Message-ID domain; default: the From address's domain
    std::vector<std::string> bcc;  // archive copy, every message
    std::map<int, std::vector<std::string>> level_cc;   // by level, e.g. the account manager
    std::map<int, std::vector<std::string>> level_bcc;  // by level, e.g. a legal archive
};

struct PassOptions {
    Date today{};                          // the company's civil date
    std::chrono::sys_seconds now{};        // stamped on runs and messages
    bool dry_run = false;                  // plan only: the store and the outbox are not touched
    bool explain_all = false;              // fill PassSummary::others with every non-Send decision
    bool accept_empty = false;             // SyncOptions::accept_empty: an empty listing is applied
    /// Asked before each message: true stops the pass cleanly (SIGTERM). The message in flight
    /// is finished; the rest is left for the next pass ("not attempted").
    std::function<bool()> should_stop;
};

/// One line of the plan, as `relance plan` and the summary show it.
struct PlanLine {
    std::string source;
    std::string invoice_number;
    std::string customer;
    Outcome outcome = Outcome::NotDue;
    int level = 0;
    int days_late = 0;
    Money amount_due;
    std::string reason;
};

struct Tally {
    std::int64_t count = 0;
    std::map<std::string, std::int64_t> amount_minor;  // by currency code
};

/// What happened to the deliveries of one level in this run, besides those sent.
struct LevelDelivery {
    std::int64_t retried = 0;    // sent, after the channel had to try again
    std::int64_t failed = 0;     // not sent; planned again next run
    std::int64_t rejected = 0;   // refused for good (SMTP 5xx): kept for a person
    std::int64_t uncertain = 0;  // may have gone out: a person settles it
};

struct PassSummary {
    std::int64_t run_id = 0;
    Date today{};
    bool dry_run = false;
    std::map<std::string, SyncCounts> synced;          // by source
    std::map<std::string, std::string> source_errors;  // source -> why it could not be read
    std::vector<RejectedRow> rejected;
    /// By source: invoices that left the unpaid listing and were read again -> what they were
    /// ("paid", "void", "deleted", "open" …).
    std::map<std::string, std::map<std::string, int>> confirmed;
    /// By source: invoices about to be reminded on data older than the source's freshness window
    /// that were read again first (fetch_invoice) -> what they were ("open", "paid" …, "failed":
    /// not read, so no reminder today; "not attempted": the source kept failing).
    std::map<std::string, std::map<std::string, int>> refetched;
    std::map<int, Tally> sent;                         // reminders by level (this run)
    std::int64_t messages_sent = 0;
    std::int64_t already_recorded = 0;                 // claim found an existing row
    std::int64_t failed = 0;                           // messages not sent, retried next run
    std::int64_t retried = 0;                          // messages sent after a retry
    std::int64_t refused = 0;                          // messages refused for good (rejected)
    std::int64_t not_attempted = 0;                    // reminders left for the next run: channel down
    std::int64_t uncertain = 0;                        // reminders that may have gone out (this run
                                                       // or interrupted earlier): never resent
    std::map<int, LevelDelivery> delivery;             // by level (this run)
    std::int64_t recovered = 0;                        // interrupted earlier, planned again
    std::map<Outcome, std::int64_t> skipped;           // by outcome (not Send)
    std::vector<PlanLine> actions;                     // Send lines
    std::vector<PlanLine> attention;                   // NoDueDate, NoEmail, Stale lines
    std::vector<PlanLine> others;                      // every other decision (explain_all)
    std::vector<std::string> delivery_errors;
    std::vector<std::string> penalty_problems;         // sent without penalty figures, and why
    LetterSummary letters;                             // formal-notice letters, collection hand-off
    AlertSummary alerts;                               // internal alerts and tasks (set_alerts)
    std::int64_t open_invoices = 0;

    /// 0 all good; 2 done but something needs a look (rejected rows, a source unread,
    /// failed deliveries).
    [[nodiscard]] int exit_code() const;
    [[nodiscard]] std::string status() const;  // "ok", "partial"
    /// One JSON object; with `lines`, also every plan line (actions, attention, others).
    [[nodiscard]] std::string to_json(bool lines = false) const;
};

/// Progress of long phases: (phase, done, total).
using ProgressFn = std::function<void(std::string_view, std::size_t, std::size_t)>;

class DailyPass {
public:
    DailyPass(Store& store, std::vector<InvoiceSource*> sources, Renderer& renderer,
              Channel& channel, const Policy& policy, CompanyInfo company);
    void set_progress(ProgressFn fn) { progress_ = std::move(fn); }
    /// Gives the messages of the levels that mention or claim penalties their figures, computed
    /// on the run's date (core/penalty). Without it, messages carry no penalty figures.
    void set_penalties(PenaltySetup setup) { penalties_ = std::move(setup); }
    /// Writes a formal-notice letter for the levels with formal_notice (engine/letters.h),
    /// attaches it to the e-mail and records the registered letter to post. Without it, none.
    void set_letters(LetterSetup setup) { letters_ = std::move(setup); }
    /// Keeps postal addresses and records the collection hand-off (Outcome::Collection).
    /// Without it, addresses live only in today's listing and nothing is recorded as handed over.
    void set_dossier(DossierStore* dossier) { dossier_ = dossier; }
    /// Raises the internal alerts and follow-up tasks of the day after the reminders
    /// (engine/alert_pass.h). Without it, none.
    void set_alerts(AlertPass* alerts) { alerts_ = alerts; }

    /// Runs one pass. An error means the store could not be used: nothing was sent.
    [[nodiscard]] Result<PassSummary> run(const PassOptions& options);

private:
    [[nodiscard]] Status dispatch(const std::vector<PlanItem>& items,
                                  const std::vector<Decision>& decisions, const PassOptions& options,
                                  PassSummary& summary);
    [[nodiscard]] Status refetch_stale(OpenBook& book, std::vector<PlanItem>& items,
                                       std::vector<Decision>& decisions,
                                       const std::set<std::string>& rejected_keys,
                                       const PassOptions& options, PassSummary& summary);
    [[nodiscard]] bool within_freshness(const StoredInvoice& si,
                                        const std::set<std::string>& rejected_keys,
                                        std::chrono::sys_seconds now) const;
    void raise_alerts(const std::vector<PlanItem>& items, const std::vector<Decision>& decisions,
                      const PassOptions& options, PassSummary& summary);
    [[nodiscard]] Result<OutgoingMessage> compose(const std::vector<PlanItem>& items,
                                                  const std::vector<Decision>& decisions,
                                                  const std::vector<ReminderRow>& rows,
                                                  const std::vector<std::size_t>& row_item,
                                                  const std::vector<std::size_t>& rs,
                                                  const PassOptions& options);

    // engine/letters_pass.cpp
    [[nodiscard]] const WrittenLetter* letter_for(const std::vector<PlanItem>& items,
                                                  const std::vector<Decision>& decisions,
                                                  std::size_t first, int level,
                                                  const PassOptions& options);
    [[nodiscard]] Status record_letters(const std::vector<ReminderRow>& rows,
                                        const std::vector<std::size_t>& rs,
                                        const PassOptions& options);
    [[nodiscard]] Status hand_over(const std::vector<PlanItem>& items,
                                   const std::vector<Decision>& decisions, const PassOptions& options);

    Store& store_;
    std::vector<InvoiceSource*> sources_;
    Renderer& renderer_;
    Channel& channel_;
    Policy policy_;
    CompanyInfo company_;
    ProgressFn progress_;
    std::optional<PenaltySetup> penalties_;
    std::map<std::string, std::chrono::seconds> freshness_;  // InvoiceSource::freshness(), by name
    std::deque<Customer> refetched_customers_;  // of the run under way: PlanItems point into it
    std::vector<std::string> penalty_problems_;  // of the run under way (moved into its summary)
    std::optional<LetterSetup> letters_;
    DossierStore* dossier_ = nullptr;
    std::map<std::string, WrittenLetter> letters_today_;  // by source, customer and currency
    const WrittenLetter* letter_in_flight_ = nullptr;     // attached to the message being sent
    LetterSummary letter_summary_;                        // of the run under way
    AlertPass* alerts_ = nullptr;
};

/// Deterministic Message-ID for one reminder: `<relance.<hash>.<invoice>.l<level>@domain>`.
[[nodiscard]] std::string reminder_message_id(std::string_view source, std::string_view invoice,
                                              int level, std::string_view channel,
                                              std::string_view domain);

}  // namespace relance
