// SPDX-License-Identifier: MIT
// `relance collection export [--customer ID] [--out DIR] [--on DATE]`: the dossier of each
// customer whose invoices were handed to collection (state `collection`), for an agency or a
// lawyer, and the evidence for an injonction de payer (rules.md §6.5, §6.6). One folder per
// customer: dossier.json (creditor, debtor, every invoice with its amounts and penalties on the
// date, every reminder recorded for those invoices with its date, channel, state and
// Message-ID, the letters), factures.csv and relances.csv (the same, for a spreadsheet; ';'
// and decimal comma, UTF-8), and a copy of each formal-notice letter PDF.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "app/cli/commands.h"
#include "app/cli/letter_context.h"
#include "app/wiring/letter_wiring.h"
#include "app/wiring/penalty_wiring.h"
#include "app/wiring/wiring.h"
#include "core/time/date.h"

namespace relance::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::string decimal_comma(const Money& m) {
    std::string s = m.to_plain_string();
    for (char& c : s) c = c == '.' ? ',' : c;
    return s;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(";\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ";" : "") + csv_field(fields[i]);
    return out + "\n";
}

std::string folder_name(const std::string& source, const std::string& id) {
    std::string out;
    for (char c : source + "_" + id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_' || c == '.';
        out += ok ? c : '_';
    }
    return out;
}

bool write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    return static_cast<bool>(out);
}

// The PDF path a letter row records ("to post by registered letter (LRAR): PATH").
std::string letter_path(const std::string& detail) {
    const auto colon = detail.find(": ");
    return colon == std::string::npos ? std::string() : detail.substr(colon + 2);
}

struct Group {
    std::string source;
    Customer customer;
    std::vector<const StoredInvoice*> invoices;
};

}  // namespace

int cmd_collection_export(const Common& common, const std::string& customer_id,
                          const std::string& out_dir, const std::string& on) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    int code = 0;
    auto ctx = open_letter_context(*settings, on, code);
    if (!ctx) return code;
    const Date* day = &ctx->day;
    const OpenBook* book = &ctx->book;
    const LoadedPenalties* loaded = &ctx->penalties;
    const WiredLetters* letters = &ctx->letters;
    Store* store = ctx->store.get();
    auto collection = letters->dossier->in_collection();
    auto reminders = store->reminders(0);
    if (!collection || !reminders) {
        err(!collection ? collection.error().describe() : reminders.error().describe());
        return 3;
    }
    std::map<std::pair<std::string, std::string>, Group> groups;
    for (const StoredInvoice& si : book->invoices) {
        const Invoice& inv = si.invoice;
        if (!collection->count({inv.source, inv.number})) continue;
        if (!customer_id.empty() && inv.customer_id != customer_id) continue;
        Group& g = groups[{inv.source, inv.customer_id}];
        g.source = inv.source;
        g.customer = Customer{inv.customer_id, inv.customer_id, {}, "", {}, CustomerType::B2B};
        g.invoices.push_back(&si);
    }
    for (std::size_t i = 0; i < book->customers.size(); ++i) {
        const std::string& src = i < book->customer_sources.size() ? book->customer_sources[i] : "";
        if (auto it = groups.find({src, book->customers[i].id}); it != groups.end()) {
            it->second.customer = book->customers[i];
        }
    }
    if (groups.empty()) {
        std::printf(customer_id.empty() ? "No invoice is in collection.\n"
                                        : "No invoice of customer %s is in collection.\n",
                    customer_id.c_str());
        return customer_id.empty() ? 0 : 1;
    }
    const fs::path root = out_dir.empty() ? fs::path(settings->letters.collection_dir) : fs::path(out_dir);
    const CreditorIdentity& cr = settings->letters.creditor;
    int problems = 0;
    for (const auto& [key, g] : groups) {
        const fs::path dir = root / folder_name(g.source, g.customer.id);
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            err("cannot create '" + dir.string() + "': " + ec.message());
            return 3;
        }
        std::set<std::string> numbers;
        for (const StoredInvoice* si : g.invoices) numbers.insert(si->invoice.number);
        // Consumer debts: interest runs from the formal notice (the first one that went out).
        std::map<std::string, Date> notice;
        for (const ReminderRow& r : *reminders) {
            const Level* level = settings->policy.level(r.level);
            const bool out = r.state == ReminderState::Sent || r.state == ReminderState::Uncertain;
            if (r.source == g.source && numbers.count(r.invoice_number) && out && level && level->formal_notice) {
                auto [it, fresh] = notice.emplace(r.invoice_number, r.planned_on);
                if (!fresh && r.planned_on < it->second) it->second = r.planned_on;
            }
        }

        ordered_json j;
        j["as_of"] = to_iso(*day);
        j["creditor"] = {{"name", cr.name},         {"legal_form", cr.legal_form}, {"siren", cr.siren},
                         {"rcs", cr.rcs},           {"vat_number", cr.vat_number}, {"address", cr.address},
                         {"contact", cr.contact},   {"email", cr.email},           {"phone", cr.phone},
                         {"iban", cr.iban},         {"bic", cr.bic}};
        j["debtor"] = {{"source", g.source},
                       {"id", g.customer.id},
                       {"name", g.customer.name},
                       {"type", g.customer.type == CustomerType::B2B ? "b2b" : "b2c"},
                       {"siren", g.customer.siren},
                       {"address", g.customer.address},
                       {"emails", g.customer.emails}};
        const Currency currency = g.invoices.front()->invoice.total.currency();
        std::int64_t owed = 0;
        std::int64_t interest = 0;
        std::int64_t indemnity = 0;
        ordered_json invoices = ordered_json::array();
        std::string factures = csv_line({"numero_facture", "date_facture", "date_echeance", "devise",
                                         "montant_ttc", "montant_regle", "restant_du", "jours_retard",
                                         "taux_penalites", "penalites", "indemnite", "total_reclame",
                                         "dernier_niveau", "en_recouvrement_depuis"});
        for (const StoredInvoice* si : g.invoices) {
            const Invoice& inv = si->invoice;
            const CollectionEntry& entry = collection->at({inv.source, inv.number});
            std::optional<Date> n;
            if (auto it = notice.find(inv.number); it != notice.end()) n = it->second;
            auto p = invoice_penalty(loaded->setup, inv, g.customer, *day, n);
            const Money due = inv.amount_due();
            const Money in = p ? p->interest : Money::zero(due.currency());
            const Money ind = p ? p->indemnity : Money::zero(due.currency());
            const Money claimed{due.minor() + in.minor() + ind.minor(), due.currency()};
            const Money paid{inv.paid.minor() + inv.credited.minor(), due.currency()};
            const int days = inv.due_date ? days_between(*inv.due_date, *day) : 0;
            if (due.currency() == currency) {
                owed += due.minor();
                interest += in.minor();
                indemnity += ind.minor();
            }
            ordered_json ij = {{"number", inv.number},
                               {"issue_date", inv.issue_date ? to_iso(*inv.issue_date) : ""},
                               {"due_date", inv.due_date ? to_iso(*inv.due_date) : ""},
                               {"currency", std::string(due.currency().code())},
                               {"total", inv.total.to_plain_string()},
                               {"paid", paid.to_plain_string()},
                               {"amount_due", due.to_plain_string()},
                               {"days_late", days},
                               {"last_level", entry.level},
                               {"in_collection_since", to_iso(entry.since)},
                               {"payment_link", inv.payment_link}};
            if (p) {
                ij["penalties"] = {{"interest", in.to_plain_string()},
                                   {"indemnity", ind.to_plain_string()},
                                   {"rate_bps", p->current_rate_bps()},
                                   {"days", p->days},
                                   {"rate_rule", p->rate_rule},
                                   {"indemnity_rule", p->indemnity_rule}};
            } else {
                ij["penalties"] = {{"error", p.error().describe()}};
                ++problems;
            }
            ij["total_claimed"] = claimed.to_plain_string();
            invoices.push_back(ij);
            factures += csv_line({inv.number, inv.issue_date ? to_iso(*inv.issue_date) : "",
                                  inv.due_date ? to_iso(*inv.due_date) : "",
                                  std::string(due.currency().code()), decimal_comma(inv.total),
                                  decimal_comma(paid), decimal_comma(due), std::to_string(days),
                                  p ? decimal_comma(Money{p->current_rate_bps(), *Currency::from_code("EUR")}) : "",
                                  decimal_comma(in),
                                  decimal_comma(ind), decimal_comma(claimed),
                                  std::to_string(entry.level), to_iso(entry.since)});
        }
        j["invoices"] = invoices;
        j["totals"] = {{"currency", std::string(currency.code())},
                       {"amount_due", Money{owed, currency}.to_plain_string()},
                       {"penalties", Money{interest, currency}.to_plain_string()},
                       {"indemnities", Money{indemnity, currency}.to_plain_string()},
                       {"total_claimed", Money{owed + interest + indemnity, currency}.to_plain_string()}};

        // Every reminder recorded for these invoices, oldest first, and the letters.
        ordered_json rs = ordered_json::array();
        ordered_json pdfs = ordered_json::array();
        std::string relances = csv_line({"id", "numero_facture", "niveau", "canal", "etat", "date",
                                         "message_id", "destinataire", "objet", "montant", "detail"});
        for (auto it = reminders->rbegin(); it != reminders->rend(); ++it) {
            const ReminderRow& r = *it;
            if (r.source != g.source || !numbers.count(r.invoice_number)) continue;
            rs.push_back({{"id", r.id},
                          {"invoice", r.invoice_number},
                          {"level", r.level},
                          {"channel", r.channel},
                          {"state", std::string(to_string(r.state))},
                          {"date", to_iso(r.planned_on)},
                          {"message_id", r.message_id},
                          {"recipient", r.recipient},
                          {"subject", r.subject},
                          {"amount_due", r.amount_due.to_plain_string()},
                          {"detail", r.detail}});
            relances += csv_line({std::to_string(r.id), r.invoice_number, std::to_string(r.level), r.channel,
                                  std::string(to_string(r.state)), to_iso(r.planned_on), r.message_id,
                                  r.recipient, r.subject, decimal_comma(r.amount_due), r.detail});
            if (r.channel == kLetterChannel) {
                const fs::path pdf = letter_path(r.detail);
                if (!pdf.empty() && fs::is_regular_file(pdf, ec)) {
                    fs::copy_file(pdf, dir / pdf.filename(), fs::copy_options::overwrite_existing, ec);
                    if (!ec) {
                        bool listed = false;
                        for (const auto& x : pdfs) listed = listed || x == pdf.filename().string();
                        if (!listed) pdfs.push_back(pdf.filename().string());
                    }
                }
            }
        }
        j["reminders"] = rs;
        j["letters"] = pdfs;
        if (!write_text(dir / "dossier.json", j.dump(2) + "\n") || !write_text(dir / "factures.csv", factures) ||
            !write_text(dir / "relances.csv", relances)) {
            err("cannot write the dossier in '" + dir.string() + "'");
            return 3;
        }
        std::printf("%s: %zu invoice(s), %zu reminder(s), %zu letter(s)\n", dir.string().c_str(),
                    g.invoices.size(), rs.size(), pdfs.size());
    }
    return problems == 0 ? 0 : 2;
}

}  // namespace relance::cli
