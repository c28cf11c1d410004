// SPDX-License-Identifier: MIT
// E-mail to the finance manager: one message per alert, per digest or per task, with a text and
// an HTML part, handed to the company's e-mail Channel (the file outbox or SMTP). The Message-ID
// and the file name derive from the notice's key, so a file outbox stays idempotent.
#include <utility>

#include "adapters/delivery/alerts/notice_support.h"

namespace relance {
namespace {

std::string html_escaped(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// (label, value) rows of one alert or task.
using Rows = std::vector<std::pair<std::string, std::string>>;

Rows invoice_rows(const NoticeFormat& f, std::string_view customer, std::string_view invoice, const Money& amount,
                  std::optional<int> days_late, int level, const std::optional<Date>& due, std::string_view payment,
                  const std::string& dashboard) {
    Rows rows;
    if (invoice.empty()) return rows;
    rows.emplace_back("Customer", customer);
    rows.emplace_back("Invoice", invoice);
    rows.emplace_back("Amount due", notice::money(f, amount));
    if (days_late) rows.emplace_back("Days late", std::to_string(*days_late));
    rows.emplace_back("Level", level > 0 ? std::to_string(level) : "no reminder yet");
    if (due) rows.emplace_back("Due date", to_iso(*due));
    if (!payment.empty()) rows.emplace_back("Payment link", payment);
    if (!dashboard.empty()) rows.emplace_back("Dashboard", dashboard);
    return rows;
}

struct Section {
    std::string title;
    std::string text;
    Rows rows;
    std::string footer;
};

Section alert_section(const AlertNotice& n, const NoticeFormat& f) {
    const AlertCandidate& a = n.alert;
    return Section{a.title, a.reason,
                   invoice_rows(f, a.customer_name, a.invoice_number, a.amount, a.days_late, a.level, a.due_date,
                                a.payment_link, notice::dashboard_link(f, a.source, a.invoice_number)),
                   std::string(notice::why_text(n.why)) + " · raised " + to_iso(n.raised_on)};
}

Section task_section(const TaskRecord& r, const NoticeFormat& f) {
    const TaskCandidate& t = r.task;
    return Section{t.title, t.detail,
                   invoice_rows(f, t.customer_name, t.invoice_number, t.amount_due, std::nullopt, t.level, t.due_date,
                                "", notice::dashboard_link(f, t.source, t.invoice_number)),
                   "task " + std::to_string(r.id) + " · when done: relance tasks done " + std::to_string(r.id) +
                       " --note \"...\""};
}

class EmailNoticeChannel final : public NoticeChannel {
public:
    EmailNoticeChannel(Channel& email, EmailNoticeSettings s, NoticeFormat f)
        : email_(email), s_(std::move(s)), f_(std::move(f)) {}
    [[nodiscard]] std::string_view name() const override { return "email"; }
    [[nodiscard]] bool idempotent() const override { return email_.idempotent(); }
    [[nodiscard]] bool takes_digest() const override { return true; }

    Result<DeliveryReceipt> deliver(const Notice& n) override {
        return email_.deliver(notice_email(n, s_, f_));
    }

private:
    Channel& email_;
    EmailNoticeSettings s_;
    NoticeFormat f_;
};

}  // namespace

OutgoingMessage notice_email(const Notice& n, const EmailNoticeSettings& s, const NoticeFormat& f) {
    std::vector<Section> sections;
    if (n.task) sections.push_back(task_section(*n.task, f));
    for (const AlertNotice& a : n.alerts) sections.push_back(alert_section(a, f));

    OutgoingMessage m;
    m.from = s.from;
    m.to = s.to;
    if (n.task) {
        m.subject = "[relance] Task: " + n.task->task.title;
    } else if (n.alerts.size() == 1) {
        m.subject = "[relance] " + notice::record_title(n);
    } else {
        m.subject = "[relance] " + std::to_string(n.alerts.size()) + " alerts — " + to_iso(n.date);
    }
    std::string text;
    std::string html = "<html><body style=\"font-family:sans-serif\">";
    if (sections.size() > 1) {
        text += std::to_string(sections.size()) + " alerts on " + to_iso(n.date) + "\n\n";
        html += "<h2>" + std::to_string(sections.size()) + " alerts on " + to_iso(n.date) + "</h2>";
    }
    for (const Section& sec : sections) {
        text += sec.title + "\n" + std::string(sec.title.size() < 60 ? sec.title.size() : 60, '=') + "\n" + sec.text + "\n\n";
        html += "<h3>" + html_escaped(sec.title) + "</h3><p>" + html_escaped(sec.text) + "</p>";
        if (!sec.rows.empty()) {
            html += "<table cellpadding=\"4\">";
            for (const auto& [label, value] : sec.rows) {
                text += "  " + label + ": " + value + "\n";
                const bool link = value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
                html += "<tr><th align=\"left\">" + html_escaped(label) + "</th><td>" +
                        (link ? "<a href=\"" + html_escaped(value) + "\">" + html_escaped(value) + "</a>"
                              : html_escaped(value)) +
                        "</td></tr>";
            }
            html += "</table>";
            text += "\n";
        }
        text += "(" + sec.footer + ")\n\n";
        html += "<p style=\"color:#777\">" + html_escaped(sec.footer) + "</p>";
    }
    const std::string signature = "relance" + (f.company_name.empty() ? "" : ", for " + f.company_name);
    text += "-- \n" + signature + "\n";
    html += "<p style=\"color:#777\">" + html_escaped(signature) + "</p></body></html>";
    m.text = std::move(text);
    m.html = std::move(html);
    m.date = n.now;
    std::string domain = s.message_domain;
    if (domain.empty()) {
        const auto at = s.from.email.rfind('@');
        domain = at == std::string::npos ? "relance.invalid" : s.from.email.substr(at + 1);
    }
    m.message_id = "<relance." + n.key + "@" + domain + ">";
    m.file_stem = "relance-" + n.key;
    return m;
}

std::unique_ptr<NoticeChannel> make_email_notice_channel(Channel& email, EmailNoticeSettings s, NoticeFormat format) {
    return std::make_unique<EmailNoticeChannel>(email, std::move(s), std::move(format));
}

}  // namespace relance
