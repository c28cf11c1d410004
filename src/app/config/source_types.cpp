// SPDX-License-Identifier: MIT
#include "app/config/source_types.h"

namespace relance {

const std::vector<SourceTypeInfo>& source_types() {
    static const std::vector<SourceTypeInfo> kTypes = {
        {"stripe", "Stripe", SourceAuth::ApiKey, {"account", "collection_method"}, {}, false, false},
        {"pennylane", "Pennylane", SourceAuth::ApiKey, {"since"}, {}, false, false},
        {"sellsy", "Sellsy", SourceAuth::ClientCredentials, {"token_url", "scope"}, {"client_id"}, false, false},
        {"quickbooks", "QuickBooks Online", SourceAuth::RefreshToken, {"token_url", "realm_id", "minor_version"},
         {"client_id", "realm_id", "refresh_token_file"}, false, false},
        {"xero", "Xero", SourceAuth::RefreshToken, {"token_url", "tenant_id"},
         {"client_id", "tenant_id", "refresh_token_file"}, false, false},
        {"zoho", "Zoho Books / Zoho Invoice", SourceAuth::RefreshToken, {"token_url", "organization_id", "product"},
         {"client_id", "organization_id", "refresh_token_file"}, false, false},
        {"freshbooks", "FreshBooks", SourceAuth::RefreshToken, {"token_url", "account_id", "redirect_uri"},
         {"client_id", "account_id", "refresh_token_file", "redirect_uri"}, false, false},
        {"sheets", "Google Sheets", SourceAuth::ApiKeyOptional, {"csv_url", "sheet_id", "range"}, {}, true, true},
        {"airtable", "Airtable", SourceAuth::ApiKey, {"base_id", "table", "view"}, {"base_id", "table"}, false, true},
        {"axonaut", "Axonaut", SourceAuth::ApiKey, {}, {}, false, false},
    };
    return kTypes;
}

const SourceTypeInfo* find_source_type(std::string_view type) {
    for (const SourceTypeInfo& t : source_types()) {
        if (t.type == type) return &t;
    }
    return nullptr;
}

std::vector<std::string_view> source_text_keys(const SourceTypeInfo& info) {
    std::vector<std::string_view> keys = {"base_url", "currency"};
    switch (info.auth) {
        case SourceAuth::ApiKey:
        case SourceAuth::ApiKeyOptional:
            keys.insert(keys.end(), {"api_key_env", "api_key_file"});
            break;
        case SourceAuth::RefreshToken:
            keys.push_back("refresh_token_file");
            [[fallthrough]];
        case SourceAuth::ClientCredentials:
            keys.insert(keys.end(), {"client_id", "client_secret_env", "client_secret_file"});
            break;
    }
    keys.insert(keys.end(), info.keys.begin(), info.keys.end());
    if (info.csv_options) keys.insert(keys.end(), {"preset", "delimiter", "decimal", "date_format", "encoding"});
    return keys;
}

bool is_path_key(std::string_view key) {
    return key == "api_key_file" || key == "client_secret_file" || key == "refresh_token_file";
}

std::string_view source_type_list() {
    return "\"csv\", \"stripe\", \"pennylane\", \"sellsy\", \"quickbooks\", \"xero\", \"zoho\", "
           "\"freshbooks\", \"sheets\", \"airtable\" or \"axonaut\"";
}

}  // namespace relance
