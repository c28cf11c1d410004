// SPDX-License-Identifier: MIT
// Renderer: turns one reminder's facts into subject, text and HTML (templates, locale formats).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/money/money.h"
#include "core/time/date.h"

namespace relance {

/// Late-payment penalties of one invoice on the message date (core/penalty/penalty.h). Given to
/// the templates only at the levels whose policy mentions or claims them (Level in policy.h).
struct LinePenalty {
    Money interest;    // accrued late-payment interest, rounded once (rules.md §0)
    Money indemnity;   // fixed recovery indemnity: 40 € per B2B invoice (FR-IND-01), 0 for consumers
    int rate_bps = 0;  // the rate in force on the message date, in basis points
};

/// One invoice as a message presents it.
struct InvoiceLine {
    std::string number;
    Date due_date;
    std::optional<Date> issue_date;
    int days_late = 0;
    int level = 1;
    Money total;      // incl. tax
    Money paid;       // already paid (and credited)
    Money amount_due; // what is still owed
    std::string payment_link;
    std::optional<LinePenalty> penalty;  // none: this level does not speak of penalties
};

/// Everything a template may use. The language picks the template set and number formats.
struct MessageFacts {
    std::string language;  // "fr" or "en"
    int level = 1;         // the highest level among the lines
    std::string company_name;
    std::string company_email;
    std::string company_phone;
    std::string customer_name;
    std::vector<InvoiceLine> lines;  // one, or several when grouped by customer
    Money amount_due;                // sum of the lines
    bool penalties_claimed = false;  // the level claims the penalties (Level::claim_penalties)
    /// The customer is a business (b2b): only then may a message speak of the fixed recovery
    /// indemnity, which consumers never owe (rules.md, Code de commerce L441-10).
    bool business = true;
};

struct RenderedMessage {
    std::string subject;
    std::string text;
    std::string html;
};

class Renderer {
public:
    virtual ~Renderer() = default;
    [[nodiscard]] virtual Result<RenderedMessage> render(const MessageFacts& facts) = 0;
};

}  // namespace relance
