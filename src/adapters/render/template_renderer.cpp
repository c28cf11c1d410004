// SPDX-License-Identifier: MIT
#include "adapters/render/template_renderer.h"

#include <algorithm>
#include <array>
#include <exception>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <utility>

#include <kainjow/mustache.hpp>

#include "adapters/render/locale_format.h"

namespace relance {
namespace {

namespace mu = kainjow::mustache;

constexpr std::array kParts = {TemplatePart::Subject, TemplatePart::Text, TemplatePart::Html};

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when invalid (overlong forms,
// surrogates and code points above U+10FFFF are invalid too).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t len = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const std::size_t n = utf8_sequence(s, i, cp);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";  // &apos; is not HTML 4; &#39; works in every mail client
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string no_escape(const std::string& s) {
    return s;
}

// "fr", "en-GB" → "en", "EN_us" → "en"; empty → "fr" (the product's default language).
std::string normalize_language(std::string_view lang) {
    std::string out;
    for (char c : lang) {
        if (c == '-' || c == '_') break;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out.empty() ? std::string("fr") : out;
}

std::string normalize_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Keeps the link only when it is an http(s) URL without spaces or quotes-breaking characters;
// anything else (javascript:, data:, a bare word) would be a trap in an e-mail.
std::string safe_link(std::string_view link) {
    const std::string s = single_line(link);
    std::string_view v = s;
    while (!v.empty() && v.front() == ' ')
        v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
    std::string lower;
    for (char c : v.substr(0, 8))
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const bool http = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
    if (!http || v.find(' ') != std::string_view::npos) return {};
    return std::string(v);
}

// Folds the rendered subject to one line: every run of white space becomes one space.
std::string one_line_subject(std::string_view rendered) {
    const std::string s = single_line(rendered);
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (c == ' ') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

struct Parsed {
    std::unique_ptr<mu::mustache> tmpl;
    std::string origin;
};

using SetKey = std::pair<std::string, int>;  // language, level

void set_both(mu::data& obj, const char* fr, const char* en, const mu::data& value) {
    obj.set(fr, value);
    obj.set(en, value);
}

}  // namespace

std::string single_line(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size();) {
        char32_t cp = 0;
        const std::size_t n = utf8_sequence(value, i, cp);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD replacement character
            ++i;
            continue;
        }
        const bool control =
            cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
        if (control) {
            out += ' ';
        } else {
            out.append(value.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::string collapse_blank_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_blank = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
        if (blank) {
            pending_blank = !out.empty();
        } else {
            if (pending_blank) out += '\n';
            pending_blank = false;
            out.append(line);
            out += '\n';
        }
        pos = end + 1;
    }
    return out;
}

struct TemplateRenderer::Impl {
    std::map<SetKey, std::array<Parsed, 3>> sets;
};

TemplateRenderer::TemplateRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TemplateRenderer::TemplateRenderer(TemplateRenderer&&) noexcept = default;
TemplateRenderer& TemplateRenderer::operator=(TemplateRenderer&&) noexcept = default;
TemplateRenderer::~TemplateRenderer() = default;

Result<TemplateRenderer> TemplateRenderer::builtin() {
    return from_sources({});
}

Result<TemplateRenderer> TemplateRenderer::from_sources(std::vector<TemplateSource> sources) {
    try {
        // Built-ins first, then the given sources replace them one by one.
        std::map<SetKey, std::array<const TemplateSource*, 3>> chosen;
        for (const TemplateSource& t : default_templates()) {
            chosen[{t.language, t.level}][static_cast<std::size_t>(t.part)] = &t;
        }
        for (TemplateSource& t : sources) {
            t.language = normalize_language(t.language);
            if (t.level < 1) {
                return fail(ErrorCode::InvalidInput,
                            t.origin + ": level " + std::to_string(t.level) + " is not valid");
            }
            chosen[{t.language, t.level}][static_cast<std::size_t>(t.part)] = &t;
        }
        auto impl = std::make_unique<Impl>();
        for (const auto& [key, parts] : chosen) {
            auto& parsed = impl->sets[key];
            for (TemplatePart part : kParts) {
                const TemplateSource* src = parts[static_cast<std::size_t>(part)];
                if (src == nullptr) {
                    return fail(
                        ErrorCode::InvalidInput,
                        "template " + key.first + "/" + template_file_name(key.second, part) +
                            " is missing (no built-in template for this language and level)");
                }
                if (!valid_utf8(src->text)) {
                    return fail(ErrorCode::InvalidInput, src->origin + ": not valid UTF-8");
                }
                auto tmpl = std::make_unique<mu::mustache>(normalize_newlines(src->text));
                if (!tmpl->is_valid()) {
                    return fail(ErrorCode::InvalidInput,
                                src->origin + ": template error: " + tmpl->error_message());
                }
                if (part == TemplatePart::Html) {
                    tmpl->set_custom_escape(html_escape);
                } else {
                    tmpl->set_custom_escape(no_escape);
                }
                parsed[static_cast<std::size_t>(part)] = Parsed{std::move(tmpl), src->origin};
            }
        }
        return TemplateRenderer(std::move(impl));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal, std::string("loading templates failed: ") + e.what());
    }
}

Result<TemplateRenderer> TemplateRenderer::from_folder(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return fail(ErrorCode::NotFound,
                    "template folder '" + folder.string() + "' does not exist");
    }
    std::vector<TemplateSource> sources;
    try {
        for (const auto& lang_dir : std::filesystem::directory_iterator(folder)) {
            if (!lang_dir.is_directory()) continue;
            const std::string lang = lang_dir.path().filename().string();
            for (const auto& entry : std::filesystem::directory_iterator(lang_dir.path())) {
                const std::string name = entry.path().filename().string();
                constexpr std::string_view kExt = ".mustache";
                if (!entry.is_regular_file() || name.size() <= kExt.size() ||
                    name.compare(name.size() - kExt.size(), kExt.size(), kExt) != 0) {
                    continue;
                }
                // letter.<part>.mustache belong to the letter renderer (adapters/render/pdf).
                if (name.rfind("letter.", 0) == 0) continue;
                // levelN.<part>.mustache
                std::optional<TemplateSource> src;
                if (name.rfind("level", 0) == 0) {
                    std::size_t i = 5;
                    int level = 0;
                    while (i < name.size() && name[i] >= '0' && name[i] <= '9' && level < 1000) {
                        level = level * 10 + (name[i] - '0');
                        ++i;
                    }
                    const std::string rest = name.substr(i);
                    for (TemplatePart part : kParts) {
                        if (i > 5 && rest == "." + std::string(part_suffix(part)) + ".mustache") {
                            src = TemplateSource{lang, level, part, {}, entry.path().string()};
                        }
                    }
                }
                if (!src) {
                    return fail(ErrorCode::InvalidInput,
                                entry.path().string() +
                                    ": unexpected template name (expected levelN.subject.mustache, "
                                    "levelN.txt.mustache or levelN.html.mustache)");
                }
                std::ifstream in(entry.path(), std::ios::binary);
                std::ostringstream buf;
                buf << in.rdbuf();
                if (!in)
                    return fail(ErrorCode::InvalidInput, entry.path().string() + ": cannot read");
                src->text = buf.str();
                sources.push_back(std::move(*src));
            }
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::InvalidInput,
                    "cannot list template folder '" + folder.string() + "': " + e.what());
    }
    return from_sources(std::move(sources));
}

Result<RenderedMessage> TemplateRenderer::render(const MessageFacts& facts) {
    if (facts.lines.empty())
        return fail(ErrorCode::InvalidInput, "a message needs at least one invoice");
    const std::string lang = normalize_language(facts.language);
    const auto it = impl_->sets.find({lang, facts.level});
    if (it == impl_->sets.end()) {
        return fail(
            ErrorCode::InvalidInput,
            "no template for level " + std::to_string(facts.level) + " in language '" + lang + "'");
    }

    // Totals over the lines, in one currency.
    const Currency currency = facts.lines.front().amount_due.currency();
    Money due = Money::zero(currency);
    Money total = Money::zero(currency);
    Money paid = Money::zero(currency);
    int max_days = facts.lines.front().days_late;
    Date earliest = facts.lines.front().due_date;
    std::string numbers;
    for (const InvoiceLine& line : facts.lines) {
        auto d = add(due, line.amount_due);
        auto t = add(total, line.total);
        auto p = add(paid, line.paid);
        if (!d || !t || !p) {
            return fail(ErrorCode::InvalidInput,
                        "invoice " + line.number + ": amounts in another currency than " +
                            std::string(currency.code()) + " or too large");
        }
        due = *d;
        total = *t;
        paid = *p;
        max_days = std::max(max_days, line.days_late);
        earliest = std::min(earliest, line.due_date);
        if (!numbers.empty()) numbers += ", ";
        numbers += single_line(line.number);
    }
    // Penalty figures: the lines carry them only at the levels whose policy speaks of them.
    bool with_penalties = false;
    Money interest = Money::zero(currency);
    Money indemnity = Money::zero(currency);
    std::vector<int> rates;
    for (const InvoiceLine& line : facts.lines) {
        if (!line.penalty) continue;
        with_penalties = true;
        auto i = add(interest, line.penalty->interest);
        auto n = add(indemnity, line.penalty->indemnity);
        if (!i || !n) {
            return fail(ErrorCode::InvalidInput, "invoice " + line.number +
                                                     ": penalties in another currency than " +
                                                     std::string(currency.code()));
        }
        interest = *i;
        indemnity = *n;
        const int r = line.penalty->rate_bps;
        if (r != 0 && std::find(rates.begin(), rates.end(), r) == rates.end()) rates.push_back(r);
    }
    if (!facts.amount_due.is_zero() && !(facts.amount_due == due)) {
        return fail(ErrorCode::Internal, "amount_due " + facts.amount_due.to_plain_string() +
                                             " is not the sum of the invoices " +
                                             due.to_plain_string());
    }

    try {
        const auto money = [&](const Money& m) { return mu::data(format_money(m, lang)); };
        const auto date = [&](Date d) { return mu::data(format_date(d, lang)); };
        const auto sum3 = [](const Money& a, const Money& b, const Money& c) {
            return Money{a.minor() + b.minor() + c.minor(), a.currency()};
        };
        // penalites, indemnite, total_reclame, taux_penalites and the sections that test them.
        const auto set_penalties = [&](mu::data& obj, const Money& owed, const Money& in,
                                       const Money& ind, const std::vector<int>& rs) {
            set_both(obj, "penalites", "penalties", money(in));
            set_both(obj, "indemnite", "indemnity", money(ind));
            set_both(obj, "total_reclame", "total_claimed", money(sum3(owed, in, ind)));
            std::string rate_text;
            for (int r : rs) rate_text += (rate_text.empty() ? "" : " / ") + format_rate(r, lang);
            if (!rate_text.empty()) set_both(obj, "taux_penalites", "penalty_rate", mu::data(rate_text));
            set_both(obj, "avec_penalites", "has_penalties",
                     mu::data(in.is_positive() || ind.is_positive()));
            set_both(obj, "avec_indemnite", "has_indemnity", mu::data(ind.is_positive()));
        };

        mu::data invoices{mu::data::type::list};
        for (const InvoiceLine& line : facts.lines) {
            mu::data item;
            set_both(item, "numero_facture", "invoice_number", mu::data(single_line(line.number)));
            set_both(item, "montant", "amount_due", money(line.amount_due));
            set_both(item, "montant_total", "total", money(line.total));
            set_both(item, "montant_regle", "amount_paid", money(line.paid));
            set_both(item, "date_echeance", "due_date", date(line.due_date));
            if (line.issue_date)
                set_both(item, "date_facture", "issue_date", date(*line.issue_date));
            set_both(item, "jours_retard", "days_late", mu::data(std::to_string(line.days_late)));
            set_both(item, "niveau", "level", mu::data(std::to_string(line.level)));
            set_both(item, "paiement_partiel", "partial_payment",
                     mu::data(line.paid.is_positive()));
            const std::string link = safe_link(line.payment_link);
            if (!link.empty()) set_both(item, "lien_paiement", "payment_link", mu::data(link));
            if (line.penalty) {
                std::vector<int> rate;
                if (line.penalty->rate_bps != 0) rate.push_back(line.penalty->rate_bps);
                set_penalties(item, line.amount_due, line.penalty->interest,
                              line.penalty->indemnity, rate);
            }
            invoices.push_back(item);
        }

        const bool several = facts.lines.size() > 1;
        mu::data root;
        set_both(root, "nom_client", "customer_name", mu::data(single_line(facts.customer_name)));
        set_both(root, "entreprise", "company_name", mu::data(single_line(facts.company_name)));
        if (!facts.company_email.empty()) {
            set_both(root, "email_entreprise", "company_email",
                     mu::data(single_line(facts.company_email)));
        }
        if (!facts.company_phone.empty()) {
            set_both(root, "telephone_entreprise", "company_phone",
                     mu::data(single_line(facts.company_phone)));
        }
        set_both(root, "niveau", "level", mu::data(std::to_string(facts.level)));
        set_both(root, "client_professionnel", "business_customer", mu::data(facts.business));
        set_both(root, "montant", "amount_due", money(due));
        set_both(root, "montant_total", "total", money(total));
        set_both(root, "montant_regle", "amount_paid", money(paid));
        set_both(root, "numero_facture", "invoice_number", mu::data(numbers));
        set_both(root, "date_echeance", "due_date", date(earliest));
        set_both(root, "jours_retard", "days_late", mu::data(std::to_string(max_days)));
        set_both(root, "paiement_partiel", "partial_payment", mu::data(paid.is_positive()));
        set_both(root, "plusieurs_factures", "several_invoices", mu::data(several));
        set_both(root, "nombre_factures", "invoice_count",
                 mu::data(std::to_string(facts.lines.size())));
        if (!several) {
            const InvoiceLine& only = facts.lines.front();
            if (only.issue_date)
                set_both(root, "date_facture", "issue_date", date(*only.issue_date));
            const std::string link = safe_link(only.payment_link);
            if (!link.empty()) set_both(root, "lien_paiement", "payment_link", mu::data(link));
        }
        if (with_penalties) {
            set_penalties(root, due, interest, indemnity, rates);
            set_both(root, "penalites_reclamees", "penalties_claimed",
                     mu::data(facts.penalties_claimed &&
                              (interest.is_positive() || indemnity.is_positive())));
        }
        set_both(root, "factures", "invoices", invoices);

        std::array<std::string, 3> out;
        for (TemplatePart part : kParts) {
            Parsed& p = it->second[static_cast<std::size_t>(part)];
            std::string& s = out[static_cast<std::size_t>(part)];
            p.tmpl->render(root, [&s](const std::string& chunk) { s += chunk; });
            if (!p.tmpl->is_valid()) {
                return fail(ErrorCode::InvalidInput,
                            p.origin + ": template error: " + p.tmpl->error_message());
            }
        }
        RenderedMessage msg;
        msg.subject = one_line_subject(out[0]);
        msg.text = collapse_blank_lines(out[1]);
        msg.html = std::move(out[2]);
        if (msg.html.empty() || msg.html.back() != '\n') msg.html += '\n';
        return msg;
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal, std::string("rendering failed: ") + e.what());
    }
}

}  // namespace relance
