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
