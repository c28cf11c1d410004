// SPDX-License-Identifier: MIT
// The penalty engine (see penalty.h). Formula, reading A (FR-PEN-07):
//   penalty = Σ_{d = start+1}^{end} outstanding_TTC(d) × rate(d) / year_days(d)
// summed exactly over a common denominator and rounded once, half-up (rules.md §0).
#include "core/penalty/penalty.h"

#include <algorithm>
#include <set>

namespace relance {
namespace {

__extension__ using Wide = __int128;

// Rates are basis points (1/10000) and a day is 1/365 or 1/366 of a year: one denominator
// holds every accrual exactly, whichever year basis each segment uses.
constexpr Wide kDenominator = Wide{10000} * 365 * 366;

constexpr int kFrMarginBps = 1000;      // L441-10 II: ECB + 10 points (FR-PEN-02)
constexpr int kDeB2bMarginBps = 900;    // § 288(2) BGB: Basiszinssatz + 9 points
constexpr int kDeB2cMarginBps = 500;    // § 288(1) BGB: Basiszinssatz + 5 points
constexpr int kUkMarginBps = 800;       // Late Payment Act 1998: reference rate + 8 points
constexpr int kEuMarginBps = 800;       // Directive 2011/7/EU art. 2(6): reference + 8 points
constexpr std::int64_t kIndemnityEurMinor = 4000;  // 40 €: D441-5, § 288(5) BGB, directive art. 6

Wide round_half_up(Wide num, Wide den) {
    if (num >= 0) return (2 * num + den) / (2 * den);
    return -((-2 * num + den) / (2 * den));
}

int year_days(Date d, DayCount count) {
    return count == DayCount::Actual && d.year().is_leap() ? 366 : 365;
}

std::string money_text(std::int64_t minor, Currency c) {
    return Money{minor, c}.to_plain_string() + " " + std::string(c.code());
}

struct SegmentRate {
    int rate_bps = 0;
    RateOrigin origin;
};

Result<SegmentRate> from_row(Result<RateLookup> row, std::string_view kind, int multiplier,
                             int margin_bps) {
    if (!row) return unexpected(std::move(row).error());
    return SegmentRate{row->rate_bps * multiplier + margin_bps,
                       RateOrigin{std::string(kind), row->effective_from, row->rate_bps,
                                  multiplier, margin_bps}};
}

// The rate that prices `day` for this debtor under these terms.
Result<SegmentRate> rate_for(Date day, const PenaltyTerms& t, bool b2b, const RateTable& r) {
    if (b2b && t.rate.basis == RateBasis::Contractual) {
        return SegmentRate{t.rate.contractual_bps, RateOrigin{{}, {}, t.rate.contractual_bps, 1, 0}};
    }
    switch (t.jurisdiction) {
        case Jurisdiction::France:
            if (!b2b) {
                // FR-B2C-02: the category is chosen by who the creditor is.
                const std::string_view kind = t.creditor == CreditorKind::Business
                                                  ? rate_kind::kFrLegalOther
                                                  : rate_kind::kFrLegalIndividuals;
                return from_row(r.for_half_year(kind, day), kind, 1, 0);
            }
            if (t.rate.basis == RateBasis::ThreeTimesLegal) {
                return from_row(r.for_half_year(rate_kind::kFrLegalOther, day),
                                rate_kind::kFrLegalOther, 3, 0);
            }
            return from_row(r.ecb_for_half_year(day), rate_kind::kEcbMro, 1, kFrMarginBps);
        case Jurisdiction::Germany:
            return from_row(r.for_half_year(rate_kind::kDeBase, day), rate_kind::kDeBase, 1,
                            b2b ? kDeB2bMarginBps : kDeB2cMarginBps);
        case Jurisdiction::UnitedKingdom:
            return from_row(r.for_half_year(rate_kind::kUkReference, day),
                            rate_kind::kUkReference, 1, kUkMarginBps);
        case Jurisdiction::EuDirective:
            return from_row(r.ecb_for_half_year(day), rate_kind::kEcbMro, 1, kEuMarginBps);
    }
    return fail(ErrorCode::Internal, "unknown jurisdiction");
}

std::string rate_rule_text(const PenaltyTerms& t, bool b2b) {
    const bool fixed = t.half_year == HalfYearMode::FixedAtStart;
    switch (t.jurisdiction) {
        case Jurisdiction::France:
            if (!b2b) {
                return std::string("Code civil 1231-6 and 1344-1: legal interest rate (") +
                       (t.creditor == CreditorKind::Business ? "\"autres cas\", business creditor"
                                                             : "\"particuliers\" creditor") +
                       ") from the formal notice, rate of each half-year (FR-B2C-02, FR-B2C-03)";
            }
            if (t.rate.basis == RateBasis::Contractual) {
                return "contractual rate " + rate_percent_text(t.rate.contractual_bps) +
                       " % (Code de commerce L441-10 II, FR-PEN-04)";
            }
            return std::string(t.rate.basis == RateBasis::ThreeTimesLegal
                                   ? "contractual rate: 3 x the legal interest rate (\"autres "
                                     "cas\", Code de commerce L441-10 II, FR-PEN-04)"
                                   : "Code de commerce L441-10 II: ECB main refinancing rate + 10 "
                                     "points (FR-PEN-02)") +
                   (fixed ? ", rate of the half-year in which the delay began (reading B, "
                            "FR-PEN-03b)"
                          : ", rate of each half-year (reading A, FR-PEN-03)");
        case Jurisdiction::Germany:
            if (b2b && t.rate.basis == RateBasis::Contractual) {
                return "contractual rate " + rate_percent_text(t.rate.contractual_bps) +
                       " % (§ 288(3) BGB)";
            }
            return b2b ? "§ 288(2) BGB: Basiszinssatz (§ 247) + 9 points, rate of each half-year"
                       : "§ 288(1) BGB: Basiszinssatz (§ 247) + 5 points, rate of each half-year";
        case Jurisdiction::UnitedKingdom:
            if (t.rate.basis == RateBasis::Contractual) {
                return "contractual rate " + rate_percent_text(t.rate.contractual_bps) +
                       " % (Late Payment of Commercial Debts (Interest) Act 1998, s. 8)";
            }
            return "Late Payment of Commercial Debts (Interest) Act 1998: reference rate + 8 "
                   "points, fixed for the whole debt at the half-year interest began in (Rate of "
                   "Interest (No. 3) Order 2002, art. 4)";
        case Jurisdiction::EuDirective:
            if (t.rate.basis == RateBasis::Contractual) {
                return "contractual rate " + rate_percent_text(t.rate.contractual_bps) +
                       " % (Directive 2011/7/EU art. 2(5))";
            }
            return "Directive 2011/7/EU art. 2(6)-(7): ECB main refinancing rate + 8 points, rate "
                   "of each half-year";
    }
    return {};
}

// The fixed indemnity for a late B2B invoice, in the law's own currency.
struct Indemnity {
    Money amount;
    std::string rule;
};

Indemnity indemnity_for(Jurisdiction j, const Money& principal) {
    switch (j) {
        case Jurisdiction::France:
            return {Money{kIndemnityEurMinor, Currency::eur()},
                    "Code de commerce L441-10 II and D441-5: 40 € per late invoice (FR-IND-01, "
                    "FR-IND-03)"};
        case Jurisdiction::Germany:
            return {Money{kIndemnityEurMinor, Currency::eur()}, "§ 288(5) BGB: Pauschale of 40 €"};
        case Jurisdiction::EuDirective:
            return {Money{kIndemnityEurMinor, Currency::eur()},
                    "Directive 2011/7/EU art. 6: at least 40 € per late transaction"};
        case Jurisdiction::UnitedKingdom: {
            const auto gbp = Currency::from_code("GBP");
            // s. 5A of the Act: £40 below £1,000, £70 up to £9,999.99, £100 from £10,000.
            const std::int64_t m = principal.minor();
            const std::int64_t fixed = m < 100'000 ? 4000 : m < 1'000'000 ? 7000 : 10'000;
            return {Money{fixed, gbp ? *gbp : principal.currency()},
                    "Late Payment Act 1998 s. 5A: fixed sum of £40, £70 or £100 by size of the "
                    "debt"};
        }
    }
    return {};
}

Status check_input(const PenaltyCase& c, const PenaltyTerms& t) {
    if (!c.due_date.ok() || !c.on.ok()) return fail(ErrorCode::InvalidInput, "invalid date");
    if (c.principal.is_negative()) {
        return fail(ErrorCode::InvalidInput, "the amount owed is negative");
    }
    for (const Payment& p : c.payments) {
        if (!(p.amount.currency() == c.principal.currency())) {
            return fail(ErrorCode::InvalidInput,
                        "a payment in " + std::string(p.amount.currency().code()) +
                            " on an invoice in " + std::string(c.principal.currency().code()));
        }
        if (p.amount.is_negative() || !p.on.ok()) {
            return fail(ErrorCode::InvalidInput, "a payment is negative or has an invalid date");
        }
    }
    if (t.rate.basis == RateBasis::ThreeTimesLegal && t.jurisdiction != Jurisdiction::France) {
        return fail(ErrorCode::InvalidInput,
                    "\"3 x the legal interest rate\" is a French rule (L441-10 II); the " +
                        std::string(to_string(t.jurisdiction)) + " preset does not know it");
    }
    if (t.rate.basis == RateBasis::Contractual && t.rate.contractual_bps < 0) {
        return fail(ErrorCode::InvalidInput, "a contractual rate cannot be negative");
    }
    return ok();
}

// FR-PEN-04: a contractual rate below 3 x the legal rate ("autres cas") of a half-year raises a
// compliance warning; the rate is applied as agreed, never replaced.
void check_floor(const PenaltyBreakdown& b, int rate_bps, const RateTable& rates,
                 std::vector<std::string>& warnings) {
    if (b.segments.empty()) return;
    for (Date h = half_year_start(b.segments.front().from); h <= b.end;
         h = next_half_year_start(h)) {
        auto legal = rates.for_half_year(rate_kind::kFrLegalOther, h);
        if (!legal) {
            warnings.push_back("FR-PEN-04: the legal floor for " + half_year_label(h) +
                               " could not be checked: " + legal.error().message);
            continue;
        }
        const int floor_bps = 3 * legal->rate_bps;
        if (rate_bps < floor_bps) {
            warnings.push_back("FR-PEN-04: the contractual rate " + rate_percent_text(rate_bps) +
                               " % is below the legal floor of " + rate_percent_text(floor_bps) +
                               " % (3 x " + rate_percent_text(legal->rate_bps) + " %) for " +
                               half_year_label(h) +
                               "; it is applied as agreed, but the clause does not comply with "
                               "L441-10 II");
        }
    }
}

}  // namespace

std::string_view to_string(Jurisdiction j) {
    switch (j) {
        case Jurisdiction::France: return "FR";
        case Jurisdiction::Germany: return "DE";
        case Jurisdiction::UnitedKingdom: return "UK";
        case Jurisdiction::EuDirective: return "EU";
    }
    return "FR";
}

Result<Jurisdiction> parse_jurisdiction(std::string_view text) {
    std::string up;
    for (char ch : text) up += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    if (up == "FR") return Jurisdiction::France;
    if (up == "DE") return Jurisdiction::Germany;
    if (up == "UK" || up == "GB") return Jurisdiction::UnitedKingdom;
    if (up == "EU") return Jurisdiction::EuDirective;
    return fail(ErrorCode::InvalidInput,
                "unknown jurisdiction '" + std::string(text) + "' (expected FR, DE, UK or EU)");
}

Result<RateRule> parse_rate_rule(std::string_view text) {
    if (text == "statutory") return RateRule{};
    if (text == "3x_legal") return RateRule{RateBasis::ThreeTimesLegal, 0};
    auto bps = parse_rate_percent(text);
    if (!bps || *bps < 0) {
        return fail(ErrorCode::InvalidInput,
                    "'" + std::string(text) +
                        "': expected \"statutory\", \"3x_legal\" or a rate in percent such as "
                        "\"12.00\"");
    }
    return RateRule{RateBasis::Contractual, *bps};
}

std::string to_string(const RateRule& rule) {
    switch (rule.basis) {
        case RateBasis::Statutory: return "statutory";
        case RateBasis::ThreeTimesLegal: return "3x_legal";
        case RateBasis::Contractual: return rate_percent_text(rule.contractual_bps);
    }
    return "statutory";
}

Result<PenaltyBreakdown> compute_penalty(const PenaltyCase& c, const PenaltyTerms& terms,
                                         const RateTable& rates) {
    if (auto st = check_input(c, terms); !st) return unexpected(std::move(st).error());
    const Currency currency = c.principal.currency();
    const bool b2b = c.debtor == CustomerType::B2B;

    PenaltyBreakdown b;
    b.jurisdiction = terms.jurisdiction;
    b.debtor = c.debtor;
    b.interest = Money::zero(currency);
    b.indemnity = Money::zero(currency);
    b.rate_rule = rate_rule_text(terms, b2b);
    b.start = c.start_override.value_or(c.due_date);
    b.end = b.start;

    if (!b2b && terms.rate.basis != RateBasis::Statutory) {
        b.notes.emplace_back("the contractual rate applies to business debtors; a consumer owes "
                             "the statutory rate");
    }
    if (!b2b && (terms.jurisdiction == Jurisdiction::UnitedKingdom ||
                 terms.jurisdiction == Jurisdiction::EuDirective)) {
        b.notes.emplace_back(terms.jurisdiction == Jurisdiction::UnitedKingdom
                                 ? "the Late Payment Act does not apply to consumer debts: no "
                                   "statutory interest and no fixed sum"
                                 : "Directive 2011/7/EU covers commercial transactions only: no "
                                   "statutory interest and no indemnity for a consumer debt");
        b.rate_rule.clear();
        return b;
    }
    if (!b2b && terms.jurisdiction == Jurisdiction::France) {
        b.notes.emplace_back("consumer debtor: no 40 € indemnity and no recovery fees (FR-IND-07, "
                             "FR-B2C-05)");
        if (!c.start_override) {
            if (!c.formal_notice) {
                b.notes.emplace_back("no formal notice (mise en demeure) sent yet: interest at the "
                                     "legal rate starts only with it (FR-B2C-03)");
                return b;
            }
            b.start = std::max(c.due_date, *c.formal_notice);
            b.end = b.start;
        }
    }
    if (!b2b && terms.jurisdiction == Jurisdiction::Germany) {
        b.notes.emplace_back("consumer debtor: no Pauschale (§ 288(5) BGB applies between "
                             "businesses)");
    }

    const Date first = add_days(b.start, 1);
    if (c.on < first) {
        b.notes.push_back("not late on " + to_iso(c.on) + ": interest runs from " + to_iso(first));
        return b;
    }

    // Opening balance: what is still owed at the start (payments up to the start included).
    std::int64_t opening = c.principal.minor();
    std::vector<Payment> later;  // credited after the start, counted until `on`
    for (const Payment& p : c.payments) {
        if (p.on <= b.start) {
            opening -= p.amount.minor();
        } else if (p.on < c.on) {
            later.push_back(p);
        }
    }
    std::sort(later.begin(), later.end(),
              [](const Payment& x, const Payment& y) { return x.on < y.on; });

    // Segment boundaries: the day after each payment (FR-PEN-07), each new half-year when the
    // rate follows the half-years (FR-PEN-03), each 1 January with the actual year basis.
    const bool contractual = b2b && terms.rate.basis == RateBasis::Contractual;
    const bool fixed_at_start =
        terms.jurisdiction == Jurisdiction::UnitedKingdom ||
        (terms.jurisdiction == Jurisdiction::France && b2b &&
         terms.half_year == HalfYearMode::FixedAtStart);
    const bool per_half_year = !contractual && !fixed_at_start;
    std::set<Date> cuts;
    for (const Payment& p : later) cuts.insert(add_days(p.on, 1));
    for (Date h = next_half_year_start(first); h <= c.on; h = next_half_year_start(h)) {
        const bool new_year = static_cast<unsigned>(h.month()) == 1;
        if (per_half_year || (new_year && terms.day_count == DayCount::Actual)) cuts.insert(h);
    }

    Result<SegmentRate> fixed_rate = fixed_at_start || contractual
                                         ? rate_for(first, terms, b2b, rates)
                                         : Result<SegmentRate>(SegmentRate{});
    if (!fixed_rate) return unexpected(std::move(fixed_rate).error());

    Wide total = 0;
    std::int64_t balance = opening;
    std::size_t next_payment = 0;
    Date from = first;
    auto cut = cuts.begin();
    while (from <= c.on) {
        while (next_payment < later.size() && later[next_payment].on < from) {
            balance -= later[next_payment++].amount.minor();
        }
        if (balance <= 0) break;  // paid off: interest stops
        while (cut != cuts.end() && *cut <= from) ++cut;
        const Date to = cut == cuts.end() ? c.on : add_days(*cut, -1);

        SegmentRate rate = *fixed_rate;
        if (per_half_year) {
            auto r = rate_for(from, terms, b2b, rates);
            if (!r) return unexpected(std::move(r).error().with_context("pricing " + to_iso(from)));
            rate = std::move(*r);
        }
        PenaltySegment s;
        s.from = from;
        s.to = to;
        s.days = days_between(from, to) + 1;
        s.balance = Money{balance, currency};
        s.rate_bps = rate.rate_bps;
        s.year_days = year_days(from, terms.day_count);
        s.origin = std::move(rate.origin);
        const Wide numerator = Wide{balance} * s.rate_bps * s.days * (365 + 366 - s.year_days);
        s.amount = Money{static_cast<std::int64_t>(round_half_up(numerator, kDenominator)), currency};
        total += numerator;
        b.days += s.days;
        b.end = to;
        b.segments.push_back(std::move(s));
        from = add_days(to, 1);
    }

    const Wide interest = round_half_up(total, kDenominator);
    if (interest > Money::kMaxMinor) {
        return fail(ErrorCode::InvalidInput, "the interest is beyond the largest amount handled");
    }
    b.interest = Money{static_cast<std::int64_t>(interest), currency};

    if (b.segments.empty()) {
        b.notes.emplace_back("nothing was owed after " + to_iso(b.start) + ": no penalty");
        return b;
    }
    if (b2b && terms.jurisdiction == Jurisdiction::France && terms.rate.basis == RateBasis::Contractual) {
        check_floor(b, terms.rate.contractual_bps, rates, b.warnings);
    }
    if (b2b) {
        Indemnity ind = indemnity_for(terms.jurisdiction, c.principal);
        if (ind.amount.currency() == currency) {
            b.indemnity = ind.amount;
            b.indemnity_rule = std::move(ind.rule);
        } else {
            b.notes.push_back("the fixed indemnity is set in " +
                              std::string(ind.amount.currency().code()) + " (" +
                              money_text(ind.amount.minor(), ind.amount.currency()) +
                              "); it is not added to an invoice in " +
                              std::string(currency.code()));
        }
    }
    return b;
}

PenaltyTerms PenaltySetup::terms_for(const Customer& customer) const {
    PenaltyTerms t = terms;
    if (const auto it = customer_rates.find(customer.id); it != customer_rates.end()) {
        t.rate = it->second;
    }
    return t;
}

PenaltyCase case_for(const Invoice& invoice, const Customer& customer, Date on,
                     std::optional<Date> formal_notice) {
    PenaltyCase c;
    c.principal = Money{invoice.total.minor() - invoice.credited.minor(), invoice.total.currency()};
    c.due_date = invoice.due_date.value_or(Date{});
    c.debtor = customer.type;
    if (invoice.paid.is_positive()) c.payments.push_back(Payment{c.due_date, invoice.paid});
    c.formal_notice = formal_notice;
    c.on = on;
    return c;
}

Result<PenaltyBreakdown> invoice_penalty(const PenaltySetup& setup, const Invoice& invoice,
                                         const Customer& customer, Date on,
                                         std::optional<Date> formal_notice) {
    if (!invoice.due_date) {
        return fail(ErrorCode::InvalidInput,
                    "invoice " + invoice.number + " has no due date: no penalty can be computed");
    }
    auto b = compute_penalty(case_for(invoice, customer, on, formal_notice),
                             setup.terms_for(customer), setup.rates);
    if (!b) return unexpected(std::move(b).error().with_context("invoice " + invoice.number));
    if (invoice.paid.is_positive()) {
        b->notes.push_back("payments of " +
                           money_text(invoice.paid.minor(), invoice.paid.currency()) +
                           " were received on dates the source does not give: they are counted "
                           "as paid by the due date (the lowest claim)");
    }
    return b;
}

}  // namespace relance
