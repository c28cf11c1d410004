// SPDX-License-Identifier: MIT
// The dashboard's HTML pages, in French or English, from the store's figures: plain server-side
// HTML with inline SVG charts, readable on a laptop and on a phone, and no script at all. Every
// form that changes something carries the CSRF token. Pure: no store, no HTTP, no clock.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/policy/policy.h"
#include "core/ports/store.h"
#include "engine/daily_pass.h"

namespace relance::web {

/// What every page needs to know about the request and the company.
struct PageContext {
    std::string lang = "fr";          // "fr" or "en"
    std::string company;
    std::string actor;                // who is signed in ("" on a loopback server without users)
    bool can_sign_out = false;
    std::string csrf;
    bool read_only = false;
    Date today{};
    std::string timezone = "Europe/Paris";
    const Policy* policy = nullptr;
    std::string path;                            // "/invoices"
    std::map<std::string, std::string> query;    // to rebuild links (language switch)
    std::string flash;                           // the outcome of the last action
    bool flash_error = false;
    std::string currency = "EUR";                // the main currency (most unpaid)
    std::string default_source = "csv";
};

/// The text of `key` in `lang` ("fr" when unknown).
[[nodiscard]] std::string tr(std::string_view lang, std::string_view key);

[[nodiscard]] std::string page_dashboard(const PageContext& c, const Overview& o,
                                         const std::vector<DaySnapshot>& trend,
                                         const std::vector<RunRecord>& runs);
struct FilterForm {
    std::string level, customer, min, max, held;  // as typed
};
[[nodiscard]] std::string page_overdue(const PageContext& c, const OverdueList& list, const FilterForm& f);
[[nodiscard]] std::string page_invoice(const PageContext& c, const InvoiceTimeline& t,
                                       const std::vector<ReminderRow>& reminders);
[[nodiscard]] std::string page_audit(const PageContext& c, const std::vector<AuditEntry>& log);
[[nodiscard]] std::string page_preview(const PageContext& c, Date day, const PassSummary& summary);
[[nodiscard]] std::string page_message(const PageContext& c, std::string_view title, std::string_view text);
[[nodiscard]] std::string page_login(const PageContext& c, const std::string& next, bool failed);

/// The stylesheet served at /static/app.css, and the icon at /static/icon.svg.
[[nodiscard]] const std::string& stylesheet();
[[nodiscard]] const std::string& icon_svg();

}  // namespace relance::web
