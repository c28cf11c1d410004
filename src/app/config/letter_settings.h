// SPDX-License-Identifier: MIT
// The formal-notice letters and the collection hand-off in relance.toml: the creditor's identity
// for the letters ([company]: legal_form, capital, siren, rcs, vat_number, address, city,
// contact, iban, bic, bank), [letters] (dir, deadline_days, attach, signatory,
// signatory_title, enabled, collection_dir) and [policy] collection_after_days (in Policy).
#pragma once

#include <string>

#include "core/ports/letter.h"

namespace relance {

struct LetterSettings {
    /// Name, e-mail and phone come from [company] too (CompanyInfo); the rest from the keys above.
    CreditorIdentity creditor;
    bool enabled = true;           // write a letter for each formal-notice level
    std::string dir = "letters";   // where the PDFs go (relative to the config file)
    int deadline_days = 8;         // days from receipt to pay (rules.md §6.1, 6.: customary)
    bool attach = true;            // attach the PDF to the formal-notice e-mail
    std::string collection_dir = "collection";  // `relance collection export` default --out
};

/// Whether `siren` is 9 digits (spaces allowed) with a valid Luhn key.
[[nodiscard]] bool valid_siren(const std::string& siren);
/// Whether `iban` (spaces allowed) has a country code, check digits and a valid mod-97 key.
[[nodiscard]] bool valid_iban(const std::string& iban);
/// Whether `bic` is 8 or 11 letters and digits with a letter country code (positions 5-6).
[[nodiscard]] bool valid_bic(const std::string& bic);

}  // namespace relance
