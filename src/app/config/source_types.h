// SPDX-License-Identifier: MIT
// The invoicing tools a [[sources]] entry can name with `type`, and the keys each one takes:
// one table for the config reader, `relance init`'s comments and the README.
//
// It must not: read a secret (wiring does, from the environment or a 0600 file) or hold one.
#pragma once

#include <string_view>
#include <vector>

namespace relance {

/// How a tool's requests are authorised.
enum class SourceAuth {
    ApiKey,             // a key or token: api_key_env or api_key_file
    ClientCredentials,  // OAuth 2.0 client credentials: client_id + client_secret_env/_file
    RefreshToken,       // OAuth 2.0 refresh token: client_id, client secret, refresh_token_file
    ApiKeyOptional,     // Google Sheets: a key for the Sheets API, none for a published CSV
};

struct SourceTypeInfo {
    std::string_view type;                   // "stripe"
    std::string_view tool;                   // "Stripe"
    SourceAuth auth = SourceAuth::ApiKey;
    std::vector<std::string_view> keys;      // the tool's own keys (besides the common ones)
    std::vector<std::string_view> required;  // of those, the ones that must be given
    bool csv_options = false;                // also takes the CSV keys (preset, columns …)
    bool columns = false;                    // takes a [sources.columns] mapping
};

/// Every tool, in the README's order.
[[nodiscard]] const std::vector<SourceTypeInfo>& source_types();
/// The tool of that `type`, or nullptr ("csv" is no tool).
[[nodiscard]] const SourceTypeInfo* find_source_type(std::string_view type);
/// The text keys a tool's entry may have: its own, the common ones (base_url, currency), and
/// those of its credentials (api_key_env, client_id, refresh_token_file …).
[[nodiscard]] std::vector<std::string_view> source_text_keys(const SourceTypeInfo& info);
/// Keys holding a file path, made relative to the config file's folder.
[[nodiscard]] bool is_path_key(std::string_view key);
/// "csv, stripe, pennylane, …" for error messages.
[[nodiscard]] std::string_view source_type_list();

}  // namespace relance
