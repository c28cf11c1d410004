// SPDX-License-Identifier: MIT
// Deterministic invoice CSV generator (see invoice_gen.h): customers are derived from a hash of
// (seed, customer index), so every invoice of one customer carries the same name, e-mail,
// language, tags and currency; invoices come from one sequential splitmix64 stream.
#include "bench/invoice_gen.h"

#include <array>
#include <charconv>

namespace relance::bench {
namespace {

constexpr std::string_view kHeader =
    "numero_facture;id_client;nom_client;email_client;date_facture;date_echeance;devise;"
    "montant_ttc;montant_regle;statut;lien_paiement;langue;tags;type_client\n";

constexpr std::size_t kChunk = 1U << 20;

std::uint64_t splitmix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

// A value in [0, n) from one draw (n is small, so the modulo bias is negligible here).
std::uint64_t below(std::uint64_t draw, std::uint64_t n) { return draw % n; }

constexpr std::array<std::string_view, 16> kTrades = {
    "Boulangerie", "Garage",     "Studio",    "Cabinet",    "Pharmacie",  "Transports",
    "Hôtel",       "Café",       "Menuiserie", "Imprimerie", "Brasserie", "Atelier",
    "Librairie",   "Fromagerie", "Plomberie", "Épicerie"};
constexpr std::array<std::string_view, 16> kSurnames = {
    "Lefèvre", "Petit",  "Moreau", "Martin",  "Dubois",  "Rivière", "Müller",  "Girard",
    "Bonnet",  "Faure",  "André",  "Mercier", "Lambert", "Fontaine", "Chevalier", "Roussel"};
constexpr std::array<std::string_view, 6> kForms = {" SARL", " SAS", " & Fils", " SA", "", " EURL"};
constexpr std::array<std::string_view, 12> kFirstNames = {
    "Claire", "Hélène", "Jean",    "Zoë",  "Léa",   "Thomas",
    "Chloé",  "Noël",   "Émilie", "Marc", "Sarah", "François"};

struct CustomerProfile {
    std::string id;
    std::string name;       // already quoted for CSV when needed
    std::string email;      // already quoted for CSV when needed
    std::string_view currency;
    std::string_view language;
    std::string_view tags;
    std::string_view type;
};

void append_num(std::string& out, std::uint64_t v, int width = 0) {
    std::array<char, 24> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    const auto len = static_cast<int>(res.ptr - buf.data());
    for (int i = len; i < width; ++i) out += '0';
    out.append(buf.data(), res.ptr);
}

// 12345678 minor units, exponent 2 -> "123 456,78"; exponent 0 -> "12 345 678".
void append_amount(std::string& out, std::uint64_t minor, int exponent) {
    std::uint64_t per = 1;
    for (int i = 0; i < exponent; ++i) per *= 10;
    const std::uint64_t major = minor / per;
    std::array<char, 24> digits{};
    const auto res = std::to_chars(digits.data(), digits.data() + digits.size(), major);
    const auto n = static_cast<std::size_t>(res.ptr - digits.data());
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    if (exponent > 0) {
        out += ',';
        append_num(out, minor % per, exponent);
    }
}

void append_date(std::string& out, Date d) {
    append_num(out, static_cast<unsigned>(d.day()), 2);
    out += '/';
    append_num(out, static_cast<unsigned>(d.month()), 2);
    out += '/';
    append_num(out, static_cast<std::uint64_t>(static_cast<int>(d.year())), 4);
}

CustomerProfile make_customer(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t st = seed ^ (0xD1B54A32D192ED03ULL * (index + 1));
    const auto r = [&] { return splitmix(st); };
    CustomerProfile c;
    c.id = "C-";
    append_num(c.id, index + 1, 6);

    const bool b2c = below(r(), 100) < 15;
    c.type = b2c ? "b2c" : "b2b";
    const std::string_view surname = kSurnames[below(r(), kSurnames.size())];
    std::string slug;
    if (b2c) {
        c.name.append(kFirstNames[below(r(), kFirstNames.size())]).append(" ").append(surname);
        slug = "client";
    } else {
        const std::uint64_t quoted = below(r(), 100);
        c.name.append(kTrades[below(r(), kTrades.size())]).append(" ");
        if (quoted == 0) {
            // 1%: a name with quotes, written as an RFC 4180 quoted field.
            c.name = "\"" + c.name + "\"\"" + std::string(surname) + "\"\"" +
                     std::string(kForms[below(r(), kForms.size())]) + "\"";
        } else {
            c.name.append(surname).append(kForms[below(r(), kForms.size())]);
        }
        slug = "compta";
    }

    const std::uint64_t mail = below(r(), 1000);
    std::string domain = "c";
    append_num(domain, index + 1);
    domain += ".example";
    if (mail < 5) {
        // 0.5%: no address (the invoice gets "no e-mail address", needs attention).
    } else if (mail < 35) {
        // 3%: two addresses, so the field holds the separator and is quoted.
        c.email = "\"" + slug + "@" + domain + ";direction@" + domain + "\"";
    } else {
        c.email = slug + "@" + domain;
    }

    const std::uint64_t cur = below(r(), 100);
    // Customer 0 (the first row's) is in EUR: its ",dd" amount fixes the decimal mark.
    c.currency = index == 0 ? "EUR" : cur < 3 ? "JPY" : cur < 6 ? "KWD" : "EUR";
    c.language = below(r(), 100) < 80 ? "fr" : "en";
    const std::uint64_t tag = below(r(), 1000);
    c.tags = tag < 40 ? "vip" : tag < 55 ? "negotiation" : tag < 58 ? "vip,negotiation" : "";
    return c;
}

}  // namespace

Date default_reference_date() { return GenOptions{}.reference; }

void generate_invoices(const GenOptions& options,
                       const std::function<void(std::string_view)>& write) {
    std::string out;
    out.reserve(kChunk + 4096);
    out.append(kHeader);

    const std::uint64_t customers = options.count / 4 > 0 ? options.count / 4 : 1;
    std::uint64_t st = options.seed;
    const auto r = [&] { return splitmix(st); };

    for (std::uint64_t i = 0; i < options.count; ++i) {
        const std::uint64_t cust_index = i == 0 ? 0 : below(r(), customers);
        const CustomerProfile c = make_customer(options.seed, cust_index);

        // Due 0..89 days before the reference date; the first row's due day is above 12 so
        // that even a tiny file reads as day-first without any setting.
        int due_ago = static_cast<int>(below(r(), 90));
        if (i == 0) {
            due_ago = 20;
            while (static_cast<unsigned>(add_days(options.reference, -due_ago).day()) <= 12) {
                ++due_ago;
            }
        }
        const Date due = add_days(options.reference, -due_ago);
        static constexpr std::array<int, 4> kTerms = {30, 30, 45, 60};
        const Date issue = add_days(due, -kTerms[below(r(), kTerms.size())]);

        int exponent = 2;
        std::uint64_t total = 0;
        const std::uint64_t size = below(r(), 100);
        if (c.currency == "JPY") {
            exponent = 0;
            total = (500 + below(r(), size < 80 ? 20'000 : 300'000)) * 10;  // 5 000 .. 3 000 000 ¥
        } else if (c.currency == "KWD") {
            exponent = 3;
            total = (10 + below(r(), size < 80 ? 700 : 8'000)) * 1000 + below(r(), 1000);
        } else {
            total = (40 + below(r(), size < 80 ? 2'000 : 25'000)) * 100 + below(r(), 100);
        }

        std::uint64_t paid = 0;
        std::string_view status = "ouverte";
        const std::uint64_t state = below(r(), 1000);
        if (state < 120) {
            paid = total * (10 + below(r(), 81)) / 100;  // 12%: partly paid, 10..90 %
        } else if (state < 130) {
            paid = total;  // 1%: paid, still in the export
            status = "payée";
        } else if (state < 150) {
            status = "litige";  // 2%: disputed
        }
        const bool link = below(r(), 100) < 85;

        std::string number = "F-2026-";
        append_num(number, i + 1, 7);

        out.append(number).append(";");
        out.append(c.id).append(";");
        out.append(c.name).append(";");
        out.append(c.email).append(";");
        append_date(out, issue);
        out += ';';
        append_date(out, due);
        out += ';';
        out.append(c.currency).append(";");
        append_amount(out, total, exponent);
        out += ';';
        append_amount(out, paid, exponent);
        out += ';';
        out.append(status).append(";");
        if (link) out.append("https://pay.example/i/").append(number);
        out += ';';
        out.append(c.language).append(";");
        out.append(c.tags).append(";");
        out.append(c.type).append("\n");

        if (out.size() >= kChunk) {
            write(out);
            out.clear();
        }
    }
    if (!out.empty()) write(out);
}

std::string generate_invoices_csv(const GenOptions& options) {
    std::string all;
    all.reserve(options.count * 190 + kHeader.size());
    generate_invoices(options, [&](std::string_view chunk) { all.append(chunk); });
    return all;
}

}  // namespace relance::bench
