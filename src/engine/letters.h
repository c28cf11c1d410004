// SPDX-License-Identifier: MIT
// Formal-notice letters (the levels with Level::formal_notice): which invoices a customer's letter
// lists, their penalty figures on the letter's date, and how the letter is rendered and kept,
// over the LetterRenderer and LetterSink ports. Used by the daily pass (one letter per customer
// and day, attached to the level's e-mail and recorded as a registered letter to post) and by
// `relance letter` (on demand). Knows no concrete adapter; computes no amount itself
// (core/penalty does).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/penalty/penalty.h"
#include "core/ports/letter.h"
#include "core/ports/renderer.h"

namespace relance {

/// The outbox channel under which a letter to post is recorded (one row per invoice and level,
/// like every reminder): `relance letters` lists them.
inline constexpr std::string_view kLetterChannel = "letter";

/// What the letters need besides the facts of each invoice.
struct LetterSetup {
    LetterRenderer* renderer = nullptr;
    LetterSink* sink = nullptr;
    CreditorIdentity creditor;
    int deadline_days = 8;   // days from receipt to pay (rules.md §6.1, 6.)
    bool attach = true;      // attach the PDF to the formal-notice e-mail
    std::string language = "fr";  // when the customer has none
};

/// What the letters and the collection hand-off did in one pass.
struct LetterSummary {
    std::vector<std::string> written;   // letters written this run (paths)
    std::int64_t to_post = 0;           // registered letters recorded to post (one per invoice)
    std::vector<std::string> problems;  // letters not written or incomplete, and why
    std::int64_t handed_to_collection = 0;
    std::vector<std::string> collection;  // "F-2026-0101 (Boulangerie Lefèvre)" handed over today
};

/// A letter rendered and kept.
struct WrittenLetter {
    std::string path;       // where the sink put it
    std::string file_name;  // for an e-mail attachment
    std::string bytes;
    std::vector<std::string> missing;  // rules.md §6.1 items the letter lacks (LetterRenderer)
};

/// One invoice as a letter lists it on `on`, with its penalties when `penalties` is given. A
/// consumer's interest runs from the letter itself (FR-B2C-03/04: the letter is the notice), so
/// it is priced with `on` as the formal-notice date. A figure that cannot be computed (a rate
/// missing from the table) leaves the line without penalty and adds the reason to `problems`.
[[nodiscard]] InvoiceLine letter_line(const Invoice& invoice, const Customer& customer, int level,
                                      Date on, const PenaltySetup* penalties,
                                      std::vector<std::string>& problems);

/// "MED-C-001-2026-12-03": the reference printed on a customer's letter of one day.
[[nodiscard]] std::string letter_reference(std::string_view customer_id, Date on);

/// The facts of the letter to `customer` listing `lines` on `on`.
[[nodiscard]] LetterFacts letter_facts(const LetterSetup& setup, const Customer& customer,
                                       std::vector<InvoiceLine> lines, Date on,
                                       const PenaltySetup* penalties);

/// Renders the letter and keeps it under a stem naming the source, the customer and the day
/// ("mise-en-demeure_csv_C-001_2026-12-03"), so a letter written again the same day replaces
/// itself. Errors of the renderer or the sink, with the customer as context.
[[nodiscard]] Result<WrittenLetter> write_letter(const LetterSetup& setup, const LetterFacts& facts,
                                                 std::string_view source);

}  // namespace relance
