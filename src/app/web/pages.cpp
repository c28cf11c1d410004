// SPDX-License-Identifier: MIT
// Figures shown by the pages carry data-* attributes with their exact values (minor units,
// counts), so that the browser test compares what is displayed with the store without parsing
// formatted amounts back.
#include "app/web/pages.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "adapters/render/locale_format.h"
#include "app/web/api.h"
#include "app/web/charts.h"

namespace relance::web {
namespace {

struct Text {
    std::string_view key, fr, en;
};

constexpr std::array kTexts = std::to_array<Text>({
    {"title", "Relances", "Dunning"},
    {"nav.dashboard", "Tableau de bord", "Dashboard"},
    {"nav.invoices", "Factures en retard", "Overdue invoices"},
    {"nav.audit", "Journal", "Audit log"},
    {"signout", "Se déconnecter", "Sign out"},
    {"unpaid", "Total impayé", "Total unpaid"},
    {"overdue", "En retard", "Overdue"},
    {"not_due", "Pas encore échu", "Not yet due"},
    {"dso", "DSO (délai moyen d'encaissement)", "DSO (days sales outstanding)"},
    {"dso.help", "encours ÷ factures émises sur 90 jours × 90", "receivables ÷ invoiced over 90 days × 90"},
    {"days", "jours", "days"},
    {"invoices", "factures", "invoices"},
    {"of_unpaid", "de l'impayé", "of unpaid"},
    {"last_pass", "Dernier passage", "Last pass"},
    {"never", "jamais", "never"},
    {"by_level", "Retards par niveau de relance", "Overdue by reminder level"},
    {"level0", "Sans relance", "No reminder yet"},
    {"level", "Niveau", "Level"},
    {"ageing", "Ancienneté des retards", "Ageing of overdue invoices"},
    {"trend", "Montant en retard par niveau, 90 derniers jours", "Overdue amount per level, last 90 days"},
    {"trend.empty", "Pas encore d'historique : chaque passage quotidien ajoute un point.",
     "No history yet: each daily pass adds a point."},
    {"outcomes", "Ce que chaque niveau obtient", "What each level achieves"},
    {"outcomes.help",
     "Taux de règlement : part des factures arrivées à ce niveau et réglées avant le suivant. Délai : du jour de la relance (de l'échéance pour « sans relance ») au règlement.",
     "Payment rate: share of the invoices that reached this level and were paid before the next one. Time: from the reminder's day (the due date for \"no reminder yet\") to payment."},
    {"reached", "Atteint", "Reached"},
    {"paid_here", "Réglées", "Paid"},
    {"rate", "Taux", "Rate"},
    {"time_to_pay", "Délai moyen", "Mean time to pay"},
    {"still_open", "Ouvertes", "Still open"},
    {"moved_on", "Niveau suivant", "Moved on"},
    {"runs", "Derniers passages", "Latest passes"},
    {"date", "Date", "Date"},
    {"status", "État", "Status"},
    {"sent", "Envoyées", "Sent"},
    {"failed", "Échecs", "Failed"},
    {"started", "Début", "Started"},
    {"see_all", "Voir les factures en retard", "See the overdue invoices"},
    {"preview", "Relances de demain", "Tomorrow's reminders"},
    {"preview.button", "Voir les relances de demain", "Preview tomorrow's reminders"},
    {"preview.none", "Aucune relance ne partirait demain.", "No reminder would go out tomorrow."},
    {"preview.intro", "Ce qui partirait au passage du", "What the pass of"},
    {"preview.intro2", "(rien n'est envoyé ni enregistré) :", "would send (nothing is sent or recorded):"},
    {"invoice", "Facture", "Invoice"},
    {"customer", "Client", "Customer"},
    {"due", "Échéance", "Due"},
    {"late", "Retard", "Late"},
    {"owed", "Reste dû", "Still owed"},
    {"total", "Montant TTC", "Total"},
    {"paid", "Déjà réglé", "Paid so far"},
    {"held", "Suspendue", "On hold"},
    {"reason", "Motif", "Reason"},
    {"until", "Jusqu'au (inclus)", "Until (included)"},
    {"min", "Reste dû min.", "Owed, at least"},
    {"max", "Reste dû max.", "Owed, at most"},
    {"any", "toutes", "any"},
    {"yes", "oui", "yes"},
    {"no", "non", "no"},
    {"filter", "Filtrer", "Filter"},
    {"shown", "affichées sur", "shown of"},
    {"none_overdue", "Aucune facture en retard ne correspond.", "No overdue invoice matches."},
    {"pause", "Suspendre le client", "Pause customer"},
    {"resume", "Reprendre le client", "Resume customer"},
    {"hold", "Mettre en attente", "Hold invoice"},
    {"unhold", "Lever l'attente", "Release invoice"},
    {"timeline", "Historique", "Timeline"},
    {"ev.issued", "Facture émise", "Invoice issued"},
    {"ev.due", "Échéance", "Due date"},
    {"ev.seen", "Vue dans l'export pour la première fois", "First seen in the export"},
    {"ev.reminder", "Relance niveau", "Level reminder"},
    {"ev.resolved.paid", "Réglée (plus dans l'export des impayés)", "Paid (no longer in the export of unpaid invoices)"},
    {"ev.resolved", "Clôturée", "Closed"},
    {"audit", "Journal des actions", "Audit log"},
    {"when", "Quand", "When"},
    {"who", "Qui", "Who"},
    {"action", "Action", "Action"},
    {"detail", "Détail", "Detail"},
    {"holds_now", "Suspensions en cours", "Holds now"},
    {"read_only", "Vue en lecture seule : les actions se font depuis `relance serve` ou la ligne de commande.",
     "Read-only view: actions are made from `relance serve` or the command line."},
    {"signin", "Connexion", "Sign in"},
    {"user", "Utilisateur (vide avec un jeton)", "User (empty with a token)"},
    {"password", "Mot de passe ou jeton d'accès", "Password or access token"},
    {"bad_login", "Identifiants incorrects.", "Wrong user or password."},
    {"state.sent", "envoyée", "sent"},
    {"state.failed", "échec, renvoyée au prochain passage", "failed, sent again next pass"},
    {"state.rejected", "refusée par le serveur", "rejected by the server"},
    {"state.uncertain", "incertaine, à vérifier", "uncertain, to check"},
    {"state.planned", "prévue", "planned"},
    {"state.sending", "en cours d'envoi", "sending"},
    {"to", "à", "to"},
    {"other_currencies", "Autres devises", "Other currencies"},
    {"flash.pause", "Relances suspendues pour le client", "Reminders paused for customer"},
    {"flash.resume", "Relances reprises pour le client", "Reminders resumed for customer"},
    {"flash.hold", "Facture mise en attente :", "Invoice on hold:"},
    {"flash.unhold", "Attente levée pour la facture", "Hold released for invoice"},
    {"flash.nothing", "Rien à changer pour", "Nothing to change for"},
    {"error", "Impossible", "Not possible"},
    {"not_found", "Introuvable", "Not found"},
});

std::string T(const PageContext& c, std::string_view key) { return escape(tr(c.lang, key)); }

std::string money_text(std::int64_t minor, std::string_view currency, const std::string& lang) {
    auto cur = Currency::from_code(currency);
    if (!cur) return std::to_string(minor);
    return format_money(Money{minor, *cur}, lang);
}

/// "12 k€" / "€12k" for chart axes; whole units below ten thousand.
std::string compact_money(std::int64_t minor, std::string_view currency, const std::string& lang) {
    auto cur = Currency::from_code(currency);
    if (!cur) return std::to_string(minor);
    std::int64_t unit = 1;
    for (int i = 0; i < cur->exponent(); ++i) unit *= 10;
    const std::int64_t major = minor / unit;
    const std::string sym = std::string(currency_symbol(*cur)).empty() ? std::string(currency)
                                                                       : std::string(currency_symbol(*cur));
    const bool thousands = major >= 10000;
    const std::string n = std::to_string(thousands ? major / 1000 : major);
    if (lang == "en") return sym + n + (thousands ? "k" : "");
    return n + (thousands ? "\xC2\xA0k" : "") + "\xC2\xA0" + sym;
}

std::string date_text(Date d, const std::string& lang) { return format_date(d, lang); }

std::string instant_text(std::chrono::sys_seconds t, const PageContext& c) {
    try {
        const auto local = date::make_zoned(c.timezone, t).get_local_time();
        const auto day = date::floor<date::days>(local);
        const date::hh_mm_ss hms{local - day};
        return format_date(Date{std::chrono::sys_days{day.time_since_epoch()}}, c.lang) +
               fmt::format(" {:02}:{:02}", hms.hours().count(), hms.minutes().count());
    } catch (const std::exception&) {
        return "?";
    }
}

std::string level_label(const PageContext& c, int level) {
    if (level == 0) return tr(c.lang, "level0");
    return tr(c.lang, "level") + " " + std::to_string(level);
}

std::string level_class(int level) { return "l" + std::to_string(std::min(level, 4)); }

std::string state_text(const PageContext& c, ReminderState s) {
    return tr(c.lang, "state." + std::string(to_string(s)));
}

std::string link_with(const PageContext& c, const std::string& key, const std::string& value) {
    auto q = c.query;
    q[key] = value;
    std::string out = c.path + "?";
    bool first = true;
    for (const auto& [k, v] : q) {
        out += (first ? "" : "&") + url_encode(k) + "=" + url_encode(v);
        first = false;
    }
    return out;
}

std::string invoice_href(std::string_view source, std::string_view number) {
    return "/invoice?source=" + url_encode(source) + "&number=" + url_encode(number);
}

std::string csrf_field(const PageContext& c) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(c.csrf) + "\">";
}

std::string layout(const PageContext& c, std::string_view title, const std::string& body) {
    std::string h = "<!doctype html><html lang=\"" + c.lang +
                    "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                    "content=\"width=device-width, initial-scale=1\"><title>" +
                    escape(title) + " · " + escape(c.company) +
                    "</title><link rel=\"stylesheet\" href=\"/static/app.css\"><link rel=\"icon\" "
                    "href=\"/static/icon.svg\" type=\"image/svg+xml\"></head><body><header>"
                    "<a class=\"brand\" href=\"/\">relance <span>" +
                    escape(c.company) + "</span></a><nav><a href=\"/\"" +
                    (c.path == "/" ? " class=\"on\"" : "") + ">" + T(c, "nav.dashboard") +
                    "</a><a href=\"/invoices\"" + (c.path == "/invoices" ? " class=\"on\"" : "") + ">" +
                    T(c, "nav.invoices") + "</a><a href=\"/audit\"" +
                    (c.path == "/audit" ? " class=\"on\"" : "") + ">" + T(c, "nav.audit") +
                    "</a></nav><div class=\"tools\"><a class=\"lang" + (c.lang == "fr" ? " on" : "") +
                    "\" href=\"" + escape(link_with(c, "lang", "fr")) + "\" hreflang=\"fr\">FR</a>"
                    "<a class=\"lang" + (c.lang == "en" ? " on" : "") + "\" href=\"" +
                    escape(link_with(c, "lang", "en")) + "\" hreflang=\"en\">EN</a>";
    if (c.can_sign_out) {
        h += "<form method=\"post\" action=\"/logout\">" + csrf_field(c) +
             "<button class=\"link\" type=\"submit\">" + T(c, "signout") + "</button></form>";
    }
    h += "</div></header><main>";
    if (c.read_only) h += "<p class=\"note\">" + T(c, "read_only") + "</p>";
    if (!c.flash.empty()) {
        h += std::string("<p class=\"flash") + (c.flash_error ? " error" : "") + "\" role=\"status\">" +
             escape(c.flash) + "</p>";
    }
    h += body + "</main><footer>" + escape(date_text(c.today, c.lang)) + " · " + escape(c.timezone) +
         (c.actor.empty() ? "" : " · " + escape(c.actor)) + "</footer></body></html>";
    return h;
}

/// The amount of `currency` in a list of per-currency figures (0 when absent).
template <class Row>
std::pair<std::int64_t, std::int64_t> in_currency(const std::vector<Row>& rows, const std::string& currency) {
    for (const auto& r : rows) {
        if (r.currency == currency) return {r.count, r.amount_minor};
    }
    return {0, 0};
}

std::string kpi(const std::string& id, const std::string& label, const std::string& value,
                const std::string& sub, const std::string& data) {
    return "<div class=\"kpi\" data-figure=\"" + id + "\"" + data + "><div class=\"k\">" + label +
           "</div><div class=\"v\">" + value + "</div><div class=\"s\">" + sub + "</div></div>";
}

int max_level(const PageContext& c, const Overview& o) {
    int n = c.policy != nullptr ? static_cast<int>(c.policy->levels.size()) : 0;
    for (const auto& l : o.overdue_by_level) n = std::max(n, l.level);
    return n;
}

std::string preview_form(const PageContext& c) {
    return "<form method=\"post\" action=\"/preview\" class=\"inline\">" + csrf_field(c) +
           "<button type=\"submit\">" + T(c, "preview.button") + "</button></form>";
}

std::string hold_forms(const PageContext& c, std::string_view source, std::string_view number,
                       std::string_view customer, bool invoice_held, bool customer_held,
                       const std::string& back) {
    if (c.read_only) return "";
    const auto form = [&](std::string_view action, std::string_view key_name, std::string_view key,
                          std::string_view label, bool with_reason) {
        std::string f = "<form method=\"post\" action=\"/actions/" + std::string(action) +
                        "\" class=\"action\">" + csrf_field(c) +
                        "<input type=\"hidden\" name=\"source\" value=\"" + escape(source) + "\">"
                        "<input type=\"hidden\" name=\"" + std::string(key_name) + "\" value=\"" +
                        escape(key) + "\"><input type=\"hidden\" name=\"next\" value=\"" + escape(back) + "\">";
        if (with_reason) {
            f += "<input name=\"reason\" placeholder=\"" + T(c, "reason") + "\" aria-label=\"" +
                 T(c, "reason") + "\"><input name=\"until\" type=\"date\" aria-label=\"" + T(c, "until") +
                 "\" title=\"" + T(c, "until") + "\">";
        }
        return f + "<button type=\"submit\" data-action=\"" + std::string(action) + "\">" +
               escape(label) + "</button></form>";
    };
    std::string out = "<div class=\"actions\">";
    out += invoice_held ? form("unhold", "invoice", number, tr(c.lang, "unhold"), false)
                        : form("hold", "invoice", number, tr(c.lang, "hold"), true);
    out += customer_held ? form("resume", "customer", customer, tr(c.lang, "resume"), false)
                         : form("pause", "customer", customer, tr(c.lang, "pause"), true);
    return out + "</div>";
}

}  // namespace

std::string tr(std::string_view lang, std::string_view key) {
    for (const Text& t : kTexts) {
        if (t.key == key) return std::string(lang == "en" ? t.en : t.fr);
    }
    return std::string(key);
}

std::string page_dashboard(const PageContext& c, const Overview& o, const std::vector<DaySnapshot>& trend,
                           const std::vector<RunRecord>& runs) {
    const std::string& cur = c.currency;
    const auto [unpaid_n, unpaid] = in_currency(o.unpaid, cur);
    const auto [overdue_n, overdue] = in_currency(o.overdue, cur);
    const auto [not_due_n, not_due] = in_currency(o.not_due, cur);
    std::string b = "<h1>" + T(c, "nav.dashboard") + "</h1><section class=\"kpis\">";
    b += kpi("total-unpaid", T(c, "unpaid"), escape(money_text(unpaid, cur, c.lang)),
             std::to_string(unpaid_n) + " " + T(c, "invoices"),
             " data-minor=\"" + std::to_string(unpaid) + "\" data-count=\"" + std::to_string(unpaid_n) + "\"");
    const std::int64_t share = unpaid > 0 ? (overdue * 100 + unpaid / 2) / unpaid : 0;
    b += kpi("overdue", T(c, "overdue"), escape(money_text(overdue, cur, c.lang)),
             std::to_string(overdue_n) + " " + T(c, "invoices") + " · " + std::to_string(share) + " % " +
                 T(c, "of_unpaid"),
             " data-minor=\"" + std::to_string(overdue) + "\" data-count=\"" + std::to_string(overdue_n) + "\"");
    b += kpi("not-due", T(c, "not_due"), escape(money_text(not_due, cur, c.lang)),
             std::to_string(not_due_n) + " " + T(c, "invoices"), " data-minor=\"" + std::to_string(not_due) + "\"");
    std::string dso = "–";
    std::string dso_data;
    for (const auto& d : o.dso) {
        if (d.currency == cur && d.days) {
            dso = std::to_string(*d.days) + " " + T(c, "days");
            dso_data = " data-days=\"" + std::to_string(*d.days) + "\"";
        }
    }
    b += kpi("dso", T(c, "dso"), dso, T(c, "dso.help"), dso_data);
    if (runs.empty()) {
        b += kpi("last-pass", T(c, "last_pass"), T(c, "never"), "", "");
    } else {
        const RunRecord& r = runs.front();
        const RunFigures f = run_figures(r);
        b += kpi("last-pass", T(c, "last_pass"), escape(instant_text(r.started_at, c)),
                 "<span class=\"status " + escape(r.status) + "\">" + escape(r.status) + "</span> · " +
                     std::to_string(f.reminders_sent) + " " + T(c, "sent"),
                 " data-status=\"" + escape(r.status) + "\"");
    }
    b += "</section>";
    std::string others;
    for (const auto& u : o.unpaid) {
        if (u.currency != cur) others += (others.empty() ? "" : " · ") + escape(money_text(u.amount_minor, u.currency, c.lang));
    }
    if (!others.empty()) b += "<p class=\"note\">" + T(c, "other_currencies") + " : " + others + "</p>";

    // Overdue by level and ageing, side by side on a laptop.
    std::vector<Bar> levels;
    for (int l = 0; l <= max_level(c, o); ++l) {
        std::int64_t n = 0;
        std::int64_t amount = 0;
        for (const auto& row : o.overdue_by_level) {
            if (row.level == l && row.currency == cur) {
                n = row.count;
                amount = row.amount_minor;
            }
        }
        levels.push_back(Bar{level_label(c, l), amount, money_text(amount, cur, c.lang) + " · " + std::to_string(n),
                             level_class(l)});
    }
    b += "<section class=\"grid\"><article class=\"card\" id=\"by-level\"><h2>" + T(c, "by_level") + "</h2>" +
         bar_chart(levels, tr(c.lang, "by_level")) + "<table class=\"mini\">";
    for (const auto& row : o.overdue_by_level) {
        if (row.currency != cur) continue;
        b += "<tr data-level=\"" + std::to_string(row.level) + "\" data-minor=\"" + std::to_string(row.amount_minor) +
             "\" data-count=\"" + std::to_string(row.count) + "\"><td><a href=\"/invoices?level=" +
             std::to_string(row.level) + "\">" + escape(level_label(c, row.level)) + "</a></td><td class=\"num\">" +
             std::to_string(row.count) + "</td><td class=\"num\">" + escape(money_text(row.amount_minor, cur, c.lang)) +
             "</td></tr>";
    }
    b += "</table></article>";
    std::vector<Bar> ageing;
    for (const auto& a : o.ageing) {
        if (a.currency != cur) continue;
        const std::string label = a.to_days < 0 ? "90+ " + tr(c.lang, "days")
                                                : std::to_string(a.from_days == 1 ? 0 : a.from_days) + "–" +
                                                      std::to_string(a.to_days) + " " + tr(c.lang, "days");
        ageing.push_back(Bar{label, a.amount_minor, money_text(a.amount_minor, cur, c.lang) + " · " + std::to_string(a.count),
                             "age" + std::to_string(ageing.size())});
    }
    b += "<article class=\"card\" id=\"ageing\"><h2>" + T(c, "ageing") + "</h2>" +
         (ageing.empty() ? "<p class=\"empty\">" + T(c, "none_overdue") + "</p>" : bar_chart(ageing, tr(c.lang, "ageing"))) +
         "</article></section>";

    // Trend: one band per level over the days that have a snapshot.
    std::vector<std::string> days;
    std::vector<Date> day_keys;
    int top = 0;
    for (const auto& s : trend) {
        if (s.currency != cur) continue;
        if (day_keys.empty() || day_keys.back() != s.day) {
            day_keys.push_back(s.day);
            days.push_back(c.lang == "en" ? fmt::format("{} {}", static_cast<unsigned>(s.day.day()),
                                                        static_cast<unsigned>(s.day.month()))
                                          : fmt::format("{:02}/{:02}", static_cast<unsigned>(s.day.day()),
                                                        static_cast<unsigned>(s.day.month())));
        }
        top = std::max(top, s.level);
    }
    if (c.lang == "en") {  // "3 Dec" reads better than "3 12"
        static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        for (std::size_t i = 0; i < days.size(); ++i) {
            days[i] = fmt::format("{} {}", static_cast<unsigned>(day_keys[i].day()),
                                  kMonths[static_cast<unsigned>(day_keys[i].month()) - 1]);
        }
    }
    std::vector<Band> bands;
    for (int l = 0; l <= top; ++l) {
        Band band{level_label(c, l), level_class(l), std::vector<std::int64_t>(day_keys.size(), 0)};
        for (const auto& s : trend) {
            if (s.currency != cur || s.level != l) continue;
            const auto it = std::find(day_keys.begin(), day_keys.end(), s.day);
            band.values[static_cast<std::size_t>(it - day_keys.begin())] = s.amount_minor;
        }
        bands.push_back(std::move(band));
    }
    b += "<article class=\"card wide\" id=\"trend\"><h2>" + T(c, "trend") + "</h2>" +
         stacked_area_chart(days, bands, [&](std::int64_t v) { return compact_money(v, cur, c.lang); },
                            tr(c.lang, "trend"), tr(c.lang, "trend.empty")) +
         "</article>";

    // What each level achieves.
    b += "<article class=\"card wide\" id=\"outcomes\"><h2>" + T(c, "outcomes") + "</h2><div class=\"scroll\"><table><thead><tr><th>" +
         T(c, "level") + "</th><th class=\"num\">" + T(c, "reached") + "</th><th class=\"num\">" + T(c, "paid_here") +
         "</th><th class=\"num\">" + T(c, "rate") + "</th><th class=\"num\">" + T(c, "time_to_pay") +
         "</th><th class=\"num\">" + T(c, "still_open") + "</th><th class=\"num\">" + T(c, "moved_on") + "</th></tr></thead><tbody>";
    for (const auto& l : o.outcomes) {
        const std::int64_t bps = l.paid_rate_bps();
        // Tenths of a day, rounded half up, with the language's decimal mark.
        const std::int64_t tenths = l.paid == 0 ? 0 : (l.days_to_pay_total * 20 + l.paid) / (l.paid * 2);
        const std::string mean = l.paid == 0 ? "–"
                                             : std::to_string(tenths / 10) + (c.lang == "en" ? "." : ",") +
                                                   std::to_string(tenths % 10) + " " + tr(c.lang, "days");
        std::string rate = fmt::format("{}", bps / 100);
        if (bps % 100 != 0) rate += (c.lang == "en" ? "." : ",") + fmt::format("{}", (bps % 100) / 10);
        b += "<tr data-level=\"" + std::to_string(l.level) + "\" data-reached=\"" + std::to_string(l.reached) +
             "\" data-paid=\"" + std::to_string(l.paid) + "\"><td><span class=\"swatch " + level_class(l.level) +
             "\"></span>" + escape(level_label(c, l.level)) + "</td><td class=\"num\">" + std::to_string(l.reached) +
             "</td><td class=\"num\">" + std::to_string(l.paid) + "</td><td class=\"num\"><span class=\"meter\"><span class=\"fill w" +
             std::to_string(std::clamp<std::int64_t>((bps + 500) / 1000, 0, 10)) + "\"></span></span>" + rate +
             "&#8239;%</td><td class=\"num\">" + escape(mean) + "</td><td class=\"num\">" + std::to_string(l.open) +
             "</td><td class=\"num\">" + std::to_string(l.moved_on) + "</td></tr>";
    }
    b += "</tbody></table></div><p class=\"help\">" + T(c, "outcomes.help") + "</p></article>";

    // Latest passes.
    b += "<article class=\"card wide\" id=\"runs\"><h2>" + T(c, "runs") + "</h2><div class=\"scroll\"><table><thead><tr><th>" +
         T(c, "date") + "</th><th>" + T(c, "status") + "</th><th class=\"num\">" + T(c, "sent") + "</th><th class=\"num\">" +
         T(c, "failed") + "</th><th>" + T(c, "started") + "</th></tr></thead><tbody>";
    for (const auto& r : runs) {
        const RunFigures f = run_figures(r);
        b += "<tr data-run=\"" + std::to_string(r.id) + "\"><td>" + escape(date_text(r.run_date, c.lang)) +
             "</td><td><span class=\"status " + escape(r.status) + "\">" + escape(r.status) + "</span></td><td class=\"num\">" +
             std::to_string(f.reminders_sent) + "</td><td class=\"num\">" + std::to_string(f.failed + f.refused) +
             "</td><td>" + escape(instant_text(r.started_at, c)) + "</td></tr>";
    }
    b += "</tbody></table></div></article><p class=\"links\"><a class=\"button\" href=\"/invoices\">" + T(c, "see_all") +
         "</a> " + preview_form(c) + "</p>";
    return layout(c, tr(c.lang, "nav.dashboard"), b);
}

std::string page_overdue(const PageContext& c, const OverdueList& list, const FilterForm& f) {
    const auto option = [&](const std::string& value, const std::string& label, const std::string& current) {
        return "<option value=\"" + escape(value) + "\"" + (value == current ? " selected" : "") + ">" +
               escape(label) + "</option>";
    };
    std::string b = "<h1>" + T(c, "nav.invoices") + "</h1><form class=\"filters\" method=\"get\" action=\"/invoices\">";
    b += "<label>" + T(c, "level") + "<select name=\"level\">" + option("", tr(c.lang, "any"), f.level);
    const int levels = c.policy != nullptr ? static_cast<int>(c.policy->levels.size()) : 4;
    for (int l = 0; l <= levels; ++l) b += option(std::to_string(l), level_label(c, l), f.level);
    b += "</select></label><label>" + T(c, "customer") + "<input name=\"customer\" value=\"" + escape(f.customer) +
         "\"></label><label>" + T(c, "min") + "<input name=\"min\" inputmode=\"decimal\" value=\"" + escape(f.min) +
         "\"></label><label>" + T(c, "max") + "<input name=\"max\" inputmode=\"decimal\" value=\"" + escape(f.max) +
         "\"></label><label>" + T(c, "held") + "<select name=\"held\">" + option("", tr(c.lang, "any"), f.held) +
         option("yes", tr(c.lang, "yes"), f.held) + option("no", tr(c.lang, "no"), f.held) +
         "</select></label><button type=\"submit\">" + T(c, "filter") + "</button></form>";
    if (list.rows.empty()) {
        b += "<p class=\"empty\">" + T(c, "none_overdue") + "</p>";
        return layout(c, tr(c.lang, "nav.invoices"), b);
    }
    b += "<p class=\"count\" data-total=\"" + std::to_string(list.total) + "\">" + std::to_string(list.rows.size()) + " " +
         T(c, "shown") + " " + std::to_string(list.total) + "</p><div class=\"scroll\"><table class=\"list\"><thead><tr><th>" +
         T(c, "invoice") + "</th><th>" + T(c, "customer") + "</th><th class=\"opt\">" + T(c, "due") + "</th><th class=\"num\">" +
         T(c, "late") + "</th><th>" + T(c, "level") + "</th><th class=\"num\">" + T(c, "owed") + "</th><th>" + T(c, "held") +
         "</th></tr></thead><tbody>";
    for (const auto& r : list.rows) {
        b += "<tr data-invoice=\"" + escape(r.number) + "\" data-minor=\"" + std::to_string(r.amount_due.minor()) +
             "\"><td><a href=\"" + escape(invoice_href(r.source, r.number)) + "\">" + escape(r.number) + "</a></td><td>" +
             escape(r.customer_name.empty() ? r.customer_id : r.customer_name) + "</td><td class=\"opt\">" +
             (r.due_date ? escape(date_text(*r.due_date, c.lang)) : "") + "</td><td class=\"num\">" +
             std::to_string(r.days_late) + (c.lang == "en" ? "&nbsp;d" : "&nbsp;j") + "</td><td><span class=\"badge " + level_class(r.level) + "\">" +
             escape(level_label(c, r.level)) + "</span></td><td class=\"num\">" +
             escape(format_money(r.amount_due, c.lang)) + "</td><td>" +
             (r.held ? "<span class=\"held\">" + escape(r.held_because) + "</span>" : "") + "</td></tr>";
    }
    b += "</tbody></table></div>";
    return layout(c, tr(c.lang, "nav.invoices"), b);
}

std::string page_invoice(const PageContext& c, const InvoiceTimeline& t, const std::vector<ReminderRow>& reminders) {
    const Invoice& inv = t.invoice;
    std::string b = "<h1>" + T(c, "invoice") + " " + escape(inv.number) + "</h1><section class=\"facts\"><dl>";
    const auto fact = [&](std::string_view key, const std::string& value) {
        b += "<div><dt>" + T(c, key) + "</dt><dd>" + value + "</dd></div>";
    };
    fact("customer", escape(t.customer_name.empty() ? inv.customer_id : t.customer_name) + " <small>(" +
                         escape(inv.customer_id) + ")</small>");
    fact("total", escape(format_money(inv.total, c.lang)));
    fact("paid", escape(format_money(inv.paid, c.lang)));
    fact("owed", "<strong data-minor=\"" + std::to_string(inv.amount_due().minor()) + "\">" +
                     escape(format_money(inv.amount_due(), c.lang)) + "</strong>");
    fact("due", inv.due_date ? escape(date_text(*inv.due_date, c.lang)) : "–");
    fact("level", "<span class=\"badge " + level_class(t.level) + "\">" + escape(level_label(c, t.level)) + "</span>");
    fact("status", escape(t.resolution.empty() ? std::string(to_string(inv.status)) : t.resolution));
    b += "</dl></section>";

    bool invoice_held = false;
    bool customer_held = false;
    if (!t.holds.empty()) {
        b += "<h2>" + T(c, "holds_now") + "</h2><ul class=\"holds\">";
        for (const Hold& h : t.holds) {
            (h.scope == HoldScope::Invoice ? invoice_held : customer_held) = true;
            b += "<li>" + T(c, h.scope == HoldScope::Invoice ? "hold" : "pause") + " : " + escape(h.reason) +
                 (h.until ? " (" + T(c, "until") + " " + escape(date_text(*h.until, c.lang)) + ")" : "") + "</li>";
        }
        b += "</ul>";
    }
    if (t.resolution.empty()) {
        b += hold_forms(c, inv.source, inv.number, inv.customer_id, invoice_held, customer_held,
                        invoice_href(inv.source, inv.number));
    }

    // Events by day; audit entries at their local day.
    struct Event {
        Date day;
        std::string text;
        std::string css;
    };
    std::vector<Event> ev;
    if (inv.issue_date) ev.push_back({*inv.issue_date, tr(c.lang, "ev.issued"), "issued"});
    if (inv.due_date) ev.push_back({*inv.due_date, tr(c.lang, "ev.due"), "due"});
    ev.push_back({t.first_seen_on, tr(c.lang, "ev.seen"), "seen"});
    for (const auto& r : reminders) {
        ev.push_back({r.planned_on,
                      (c.lang == "en" ? "Level " + std::to_string(r.level) + " reminder"
                                      : "Relance niveau " + std::to_string(r.level)) +
                          " — " + state_text(c, r.state) + (r.recipient.empty() ? "" : ", " + tr(c.lang, "to") + " " + r.recipient),
                      "reminder " + level_class(r.level)});
    }
    if (t.resolved_on) {
        ev.push_back({*t.resolved_on, t.resolution == "paid" ? tr(c.lang, "ev.resolved.paid")
                                                             : tr(c.lang, "ev.resolved") + " (" + t.resolution + ")",
                      "resolved"});
    }
    for (const auto& a : t.audit) {
        auto day = today_in(c.timezone, a.at);
        ev.push_back({day ? *day : c.today, a.action + " — " + a.actor + " : " + a.detail, "audit"});
    }
    std::stable_sort(ev.begin(), ev.end(), [](const Event& x, const Event& y) {
        return std::chrono::sys_days{x.day} < std::chrono::sys_days{y.day};
    });
    b += "<h2>" + T(c, "timeline") + "</h2><ol class=\"timeline\">";
    for (const auto& e : ev) {
        b += "<li class=\"" + escape(e.css) + "\"><time>" + escape(date_text(e.day, c.lang)) + "</time> " + escape(e.text) + "</li>";
    }
    b += "</ol>";
    return layout(c, tr(c.lang, "invoice") + " " + inv.number, b);
}

std::string page_audit(const PageContext& c, const std::vector<AuditEntry>& log) {
    std::string b = "<h1>" + T(c, "audit") + "</h1><div class=\"scroll\"><table class=\"list\" id=\"audit\"><thead><tr><th>" +
                    T(c, "when") + "</th><th>" + T(c, "who") + "</th><th>" + T(c, "action") + "</th><th>" +
                    T(c, "detail") + "</th></tr></thead><tbody>";
    for (const auto& e : log) {
        b += "<tr data-action=\"" + escape(e.action) + "\"><td>" + escape(instant_text(e.at, c)) + "</td><td>" +
             escape(e.actor) + "</td><td>" + escape(e.action) + "</td><td>" + escape(e.detail) + "</td></tr>";
    }
    b += "</tbody></table></div>";
    return layout(c, tr(c.lang, "audit"), b);
}

std::string page_preview(const PageContext& c, Date day, const PassSummary& summary) {
    std::string b = "<h1>" + T(c, "preview") + "</h1><p>" + T(c, "preview.intro") + " " + escape(date_text(day, c.lang)) +
                    " " + T(c, "preview.intro2") + "</p>";
    for (const auto& [source, why] : summary.source_errors) {
        b += "<p class=\"flash error\">" + escape(source) + " : " + escape(why) + "</p>";
    }
    if (summary.actions.empty()) {
        b += "<p class=\"empty\">" + T(c, "preview.none") + "</p>";
        return layout(c, tr(c.lang, "preview"), b);
    }
    b += "<div class=\"scroll\"><table class=\"list\" id=\"preview\"><thead><tr><th>" + T(c, "invoice") + "</th><th>" +
         T(c, "customer") + "</th><th>" + T(c, "level") + "</th><th class=\"num\">" + T(c, "owed") + "</th><th class=\"opt\">" +
         T(c, "reason") + "</th></tr></thead><tbody>";
    for (const PlanLine& l : summary.actions) {
        b += "<tr><td><a href=\"" + escape(invoice_href(l.source, l.invoice_number)) + "\">" + escape(l.invoice_number) +
             "</a></td><td>" + escape(l.customer) + "</td><td><span class=\"badge " + level_class(l.level) + "\">" +
             escape(level_label(c, l.level)) + "</span></td><td class=\"num\">" + escape(format_money(l.amount_due, c.lang)) +
             "</td><td class=\"opt\">" + escape(l.reason) + "</td></tr>";
    }
    b += "</tbody></table></div>";
    return layout(c, tr(c.lang, "preview"), b);
}

std::string page_message(const PageContext& c, std::string_view title, std::string_view text) {
    return layout(c, title, "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p><p><a href=\"/\">" +
                                T(c, "nav.dashboard") + "</a></p>");
}

std::string page_login(const PageContext& c, const std::string& next, bool failed) {
    std::string b = "<h1>" + T(c, "signin") + "</h1>";
    if (failed) b += "<p class=\"flash error\" role=\"alert\">" + T(c, "bad_login") + "</p>";
    b += "<form class=\"login\" method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"" +
         escape(next) + "\"><label>" + T(c, "user") + "<input name=\"user\" autocomplete=\"username\"></label><label>" +
         T(c, "password") + "<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
         "<button type=\"submit\">" + T(c, "signin") + "</button></form>";
    PageContext bare = c;
    bare.can_sign_out = false;
    return layout(bare, tr(c.lang, "signin"), b);
}

const std::string& stylesheet() {
    static const std::string css = R"css(
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#1f5fa8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem 1rem;background:#102a43;color:#fff}
header a{color:#d9e2ec;text-decoration:none}
.brand{font-weight:700;color:#fff}.brand span{font-weight:400;color:#9fb3c8;margin-left:.3rem}
nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}nav a.on{color:#fff;border-bottom:2px solid #f0b429}
.tools{margin-left:auto;display:flex;align-items:center;gap:.5rem}.lang{padding:.1rem .35rem;border-radius:3px}.lang.on{background:#334e68;color:#fff}
button.link{background:none;border:0;color:#d9e2ec;padding:0;font:inherit;cursor:pointer;text-decoration:underline}
main{max-width:1180px;margin:0 auto;padding:1rem}
h1{font-size:1.45rem;margin:.3rem 0 1rem}h2{font-size:1.05rem;margin:0 0 .6rem}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:.75rem;margin-bottom:1rem}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem}
.kpi .k{color:var(--muted);font-size:.85rem}.kpi .v{font-size:1.45rem;font-weight:700;white-space:nowrap}.kpi .s{color:var(--muted);font-size:.82rem}
.kpi[data-figure=overdue] .v{color:#b42318}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin-bottom:1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.9rem 1rem;margin-bottom:1rem}
.grid .card{margin-bottom:0}
svg.chart{width:100%;height:auto;display:block;max-width:760px}
svg .label,svg .value{font-size:13px;fill:var(--ink)}svg .axis{font-size:11px;fill:var(--muted)}
svg .grid{stroke:var(--line);stroke-width:1}
.l0{fill:#9aa5b1;background:#9aa5b1}.l1{fill:#f7c948;background:#f7c948}.l2{fill:#f0883e;background:#f0883e}
.l3{fill:#d64545;background:#d64545}.l4{fill:#8a1c1c;background:#8a1c1c}
.age0{fill:#fce588}.age1{fill:#f9a03f}.age2{fill:#e25c3b}.age3{fill:#9b1c1c}
svg .area{opacity:.9;stroke:#fff;stroke-width:.8}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding:0;margin:.4rem 0 0;font-size:.85rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.35rem;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.82rem}.num{text-align:right;white-space:nowrap}
table.mini{margin-top:.5rem;font-size:.85rem}
.scroll{overflow-x:auto}
.meter{display:inline-block;width:48px;height:8px;background:var(--line);border-radius:4px;margin-right:.4rem;vertical-align:1px;overflow:hidden}
.fill{display:block;height:100%;background:#3ebd93}.w0{width:0}.w1{width:10%}.w2{width:20%}.w3{width:30%}.w4{width:40%}.w5{width:50%}.w6{width:60%}.w7{width:70%}.w8{width:80%}.w9{width:90%}.w10{width:100%}
.help,.note,.count,.empty{color:var(--muted);font-size:.85rem}
.status{padding:.05rem .4rem;border-radius:3px;background:var(--line)}.status.ok{background:#c6f7e2;color:#014d40}.status.partial{background:#ffe3b3;color:#8d2b0b}.status.failed{background:#ffbdbd;color:#610404}
.badge{padding:.05rem .45rem;border-radius:10px;font-size:.8rem;white-space:nowrap;color:#1f2933}.badge.l3,.badge.l4{color:#fff}
.held{color:#8d2b0b;font-size:.85rem}
.flash{background:#e3f8ff;border:1px solid #81defd;padding:.5rem .8rem;border-radius:6px}.flash.error{background:#ffe3e3;border-color:#ff9b9b}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;margin-bottom:.8rem}
.filters label,.login label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.15rem}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #bcccdc;border-radius:5px;background:#fff}
button,.button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer;text-decoration:none;display:inline-block;padding:.4rem .8rem;border-radius:5px}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;margin:.5rem 0 1rem}.action{display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;background:var(--card);border:1px solid var(--line);padding:.5rem;border-radius:6px}
form.inline{display:inline}.links{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.facts dl{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:.5rem;margin:0 0 1rem}.facts dt{color:var(--muted);font-size:.8rem}.facts dd{margin:0}
.timeline{list-style:none;padding:0;border-left:3px solid var(--line);margin-left:.4rem}.timeline li{padding:.3rem .7rem;position:relative}
.timeline time{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:.4rem}.timeline li.reminder{font-weight:600}.timeline li.audit{color:#486581}
.login{display:flex;flex-direction:column;gap:.7rem;max-width:340px}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:1rem}
@media (max-width:760px){.grid{grid-template-columns:1fr}main{padding:.6rem}.opt{display:none}.kpi .v{font-size:1.25rem}.tools{margin-left:0}}
)css";
    return css;
}

const std::string& icon_svg() {
    static const std::string svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" "
        "fill=\"#102a43\"/><rect x=\"3\" y=\"9\" width=\"2.5\" height=\"4\" fill=\"#f7c948\"/><rect x=\"6.75\" y=\"6\" "
        "width=\"2.5\" height=\"7\" fill=\"#f0883e\"/><rect x=\"10.5\" y=\"3\" width=\"2.5\" height=\"10\" fill=\"#d64545\"/></svg>";
    return svg;
}

}  // namespace relance::web
