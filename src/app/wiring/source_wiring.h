// SPDX-License-Identifier: MIT
// Wiring of the invoicing-tool sources: a [[sources]] entry with a tool `type` becomes that
// tool's InvoiceSource over the shared HTTP transport, with its secrets read from the
// environment or from a file only its owner can read. Also the secret reader the SMTP
// password uses.
//
// It must not: print or log a secret, put one in an error, or accept a secret file that group or
// others can read.
#pragma once

#include <memory>
#include <string>

#include "adapters/sources/csv/csv_source.h"
#include "app/config/settings.h"
#include "core/ports/http.h"
#include "core/ports/source.h"

namespace relance {

/// A secret from `file` (mode 0600, trailing newline dropped) when one is given, else from the
/// environment variable `env`. `keys` names the config keys in errors ("delivery.smtp.password"),
/// `what` the secret ("password", "API key"). Errors never hold the secret.
[[nodiscard]] Result<std::string> read_secret(const std::string& keys, const std::string& what,
                                              const std::string& env, const std::string& file);

/// How to read the CSV of a [[sources]] entry (a file, a published sheet, Airtable records):
/// preset, delimiter, decimal, date_format, encoding, currency and [sources.columns], checked.
/// `today` is the "as of" date of exports that carry settlement dates.
[[nodiscard]] Result<csv::CsvOptions> csv_options(const SourceSettings& source, Date today);

/// The source of a [[sources]] entry naming an invoicing tool (source_types.h).
[[nodiscard]] Result<std::unique_ptr<InvoiceSource>> make_tool_source(const SourceSettings& source,
                                                                       const Settings& settings,
                                                                       HttpTransport& http, Date today);

}  // namespace relance
