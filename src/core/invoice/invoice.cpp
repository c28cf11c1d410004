// SPDX-License-Identifier: MIT
#include "core/invoice/invoice.h"

#include <algorithm>
#include <cctype>

namespace relance {

bool Customer::has_tag(std::string_view tag) const {
    return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) {
        return t.size() == tag.size() &&
               std::equal(t.begin(), t.end(), tag.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) ==
                          std::tolower(static_cast<unsigned char>(b));
               });
    });
}

std::string_view to_string(InvoiceStatus s) {
    switch (s) {
        case InvoiceStatus::Open: return "open";
        case InvoiceStatus::Paid: return "paid";
        case InvoiceStatus::Void: return "void";
        case InvoiceStatus::Uncollectible: return "uncollectible";
        case InvoiceStatus::Credited: return "credited";
        case InvoiceStatus::Disputed: return "disputed";
        case InvoiceStatus::Draft: return "draft";
    }
    return "open";
}

Result<InvoiceStatus> parse_invoice_status(std::string_view text) {
    std::string s;
    for (char c : text) {
        if (c != ' ') s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    // English and French words, and the status names of the common export layouts.
    if (s.empty() || s == "open" || s == "ouverte" || s == "unpaid" || s == "impayee" ||
        s == "impayée" || s == "sent" || s == "due" || s == "overdue" || s == "partial" ||
        s == "partiallypaid" || s == "viewed" || s == "envoyee" || s == "envoyée" ||
        s == "enretard" || s == "pending") {
        return InvoiceStatus::Open;
    }
    if (s == "paid" || s == "payee" || s == "payée" || s == "reglee" || s == "réglée" || s == "closed") {
        return InvoiceStatus::Paid;
    }
    if (s == "void" || s == "voided" || s == "cancelled" || s == "canceled" || s == "annulee" ||
        s == "annulée" || s == "deleted") {
        return InvoiceStatus::Void;
    }
    if (s == "uncollectible" || s == "writtenoff" || s == "irrecouvrable") {
        return InvoiceStatus::Uncollectible;
    }
    if (s == "draft" || s == "brouillon") return InvoiceStatus::Draft;
    if (s == "credited" || s == "avoir" || s == "creditnote") return InvoiceStatus::Credited;
    if (s == "disputed" || s == "litige" || s == "contestee" || s == "contestée" || s == "dispute") {
        return InvoiceStatus::Disputed;
    }
    return fail(ErrorCode::InvalidInput, "unknown status '" + std::string(text) +
                                             "' (expected open, paid, void, uncollectible, "
                                             "credited, disputed or draft)");
}

}  // namespace relance
