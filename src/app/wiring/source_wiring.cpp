// SPDX-License-Identifier: MIT
#include "app/wiring/source_wiring.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "adapters/sources/airtable/airtable_source.h"
#include "adapters/sources/api/oauth.h"
#include "adapters/sources/axonaut/axonaut_source.h"
#include "adapters/sources/freshbooks/freshbooks_source.h"
#include "adapters/sources/pennylane/pennylane_source.h"
#include "adapters/sources/quickbooks/quickbooks_source.h"
#include "adapters/sources/sellsy/sellsy_source.h"
#include "adapters/sources/sheets/sheets_source.h"
#include "adapters/sources/stripe/stripe_source.h"
#include "adapters/sources/xero/xero_source.h"
#include "adapters/sources/zoho/zoho_source.h"
#include "app/config/source_types.h"

namespace relance {
namespace {

std::string option(const SourceSettings& s, const std::string& key, std::string fallback = "") {
    const auto it = s.options.find(key);
    return it == s.options.end() ? std::move(fallback) : it->second;
}

// RELANCE_STRIPE_API_KEY for ("stripe", "API_KEY").
std::string default_env(const SourceSettings& s, std::string_view what) {
    std::string env = "RELANCE_";
    for (char c : s.type) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    env += '_';
    env += what;
    return env;
}

std::string keys_of(const SourceSettings& s, std::string_view family) {
    return "sources '" + s.name + "': " + std::string(family) + "_env / " + std::string(family) + "_file";
}

Result<std::string> api_key(const SourceSettings& s) {
    return read_secret(keys_of(s, "api_key"), "API key", option(s, "api_key_env", default_env(s, "API_KEY")),
                       option(s, "api_key_file"));
}

Result<std::string> client_secret(const SourceSettings& s) {
    return read_secret(keys_of(s, "client_secret"), "client secret",
                       option(s, "client_secret_env", default_env(s, "CLIENT_SECRET")),
                       option(s, "client_secret_file"));
}

// OAuth 2.0 with a refresh token kept in `refresh_token_file` (0600, rewritten when the tool
// rotates it).
Result<std::unique_ptr<api::Auth>> refresh_auth(const SourceSettings& s, HttpTransport& http, std::string token_url,
                                                api::ClientAuthStyle style, std::string scheme = "Bearer") {
    auto secret = client_secret(s);
    if (!secret) return unexpected(std::move(secret).error());
    api::OAuthSettings oauth;
    oauth.token_url = option(s, "token_url", std::move(token_url));
    oauth.client_id = option(s, "client_id");
    oauth.client_secret = std::move(*secret);
    oauth.style = style;
    oauth.header_scheme = std::move(scheme);
    oauth.redirect_uri = option(s, "redirect_uri");
    api::TokenFile file(option(s, "refresh_token_file"));
    if (auto check = file.load(); !check) {
        return unexpected(std::move(check).error().with_context("sources '" + s.name + "': refresh_token_file"));
    }
    return std::unique_ptr<api::Auth>(std::make_unique<api::OAuthRefresh>(http, std::move(oauth), std::move(file)));
}

api::ApiOptions api_options(const SourceSettings& s, const Settings& settings, std::string default_base,
                            int max_page) {
    api::ApiOptions o;
    o.name = s.name;
    o.base_url = option(s, "base_url", std::move(default_base));
    o.limits.budget = std::chrono::seconds{s.budget_seconds};
    o.zone = settings.timezone;
    o.page_size = s.page_size > 0 ? std::min(s.page_size, max_page) : max_page;
    o.default_currency = option(s, "currency", "EUR");
    o.freshness = std::chrono::hours{s.freshness_hours};
    return o;
}

}  // namespace

Result<csv::CsvOptions> csv_options(const SourceSettings& s, Date today) {
    csv::CsvOptions o;
    o.source_name = s.name;
    o.columns = s.columns;
    const auto get = [&](const char* key, std::string& out) {
        if (auto it = s.options.find(key); it != s.options.end()) out = it->second;
    };
    get("preset", o.preset);
    get("delimiter", o.separator);
    get("decimal", o.decimal);
    get("date_format", o.date_format);
    get("encoding", o.encoding);
    get("currency", o.default_currency);
    o.as_of = today;  // for exports that carry settlement dates (ibm_ar preset)
    if (auto st = csv::validate_options(o); !st) {
        return unexpected(std::move(st).error().with_context("source '" + s.name + "'"));
    }
    return o;
}

Result<std::string> read_secret(const std::string& keys, const std::string& what, const std::string& env,
                                const std::string& file) {
    if (!file.empty()) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            return fail(ErrorCode::InvalidInput, keys + ": cannot read '" + file + "'");
        }
        if ((st.st_mode & 077) != 0) {
            return fail(ErrorCode::InvalidInput,
                        keys + ": '" + file + "' can be read by other users: run `chmod 600 " + file + "`");
        }
        std::ifstream in(file, std::ios::binary);
        std::ostringstream all;
        all << in.rdbuf();
        std::string secret = all.str();
        while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
        if (secret.empty()) return fail(ErrorCode::InvalidInput, keys + ": '" + file + "' is empty");
        return secret;
    }
    const char* value = env.empty() ? nullptr : std::getenv(env.c_str());
    if (value == nullptr || *value == '\0') {
        return fail(ErrorCode::InvalidInput,
                    keys + ": the environment variable " + (env.empty() ? std::string("(none named)") : env) +
                        " holds no " + what + " (or name a file of mode 0600)");
    }
    return std::string(value);
}

Result<std::unique_ptr<InvoiceSource>> make_tool_source(const SourceSettings& s, const Settings& settings,
                                                        HttpTransport& http, Date today) {
    if (s.type == "stripe") {
        stripe::StripeOptions o;
        o.api = api_options(s, settings, "https://api.stripe.com", 100);
        auto key = api_key(s);
        if (!key) return unexpected(std::move(key).error());
        o.secret_key = std::move(*key);
        o.account = option(s, "account");
        o.collection_method = option(s, "collection_method", "send_invoice");
        if (o.collection_method == "all") o.collection_method.clear();
        return std::unique_ptr<InvoiceSource>(std::make_unique<stripe::StripeSource>(http, std::move(o)));
    }
    if (s.type == "pennylane") {
        pennylane::PennylaneOptions o;
        o.api = api_options(s, settings, "https://app.pennylane.com", 100);
        auto key = api_key(s);
        if (!key) return unexpected(std::move(key).error());
        o.token = std::move(*key);
        o.since = option(s, "since");
        return std::unique_ptr<InvoiceSource>(std::make_unique<pennylane::PennylaneSource>(http, std::move(o)));
    }
    if (s.type == "xero") {
        auto auth = refresh_auth(s, http, "https://identity.xero.com/connect/token", api::ClientAuthStyle::BasicForm);
        if (!auth) return unexpected(std::move(auth).error());
        xero::XeroOptions o;
        o.api = api_options(s, settings, "https://api.xero.com", 1000);
        o.tenant_id = option(s, "tenant_id");
        return std::unique_ptr<InvoiceSource>(std::make_unique<xero::XeroSource>(http, std::move(*auth), std::move(o)));
    }
    if (s.type == "quickbooks") {
        auto auth = refresh_auth(s, http, "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
                                 api::ClientAuthStyle::BasicForm);
        if (!auth) return unexpected(std::move(auth).error());
        quickbooks::QuickBooksOptions o;
        o.api = api_options(s, settings, "https://quickbooks.api.intuit.com", 1000);
        o.realm_id = option(s, "realm_id");
        o.minor_version = option(s, "minor_version", "75");
        return std::unique_ptr<InvoiceSource>(
            std::make_unique<quickbooks::QuickBooksSource>(http, std::move(*auth), std::move(o)));
    }
    if (s.type == "zoho") {
        // The accounts server of the data centre of the API host (zohoapis.eu -> accounts.zoho.eu).
        std::string base = option(s, "base_url", "https://www.zohoapis.com");
        std::string accounts = "https://accounts.zoho.com/oauth/v2/token";
        if (const auto dot = base.find("zohoapis."); dot != std::string::npos) {
            std::string region = base.substr(dot + 9);
            if (const auto slash = region.find('/'); slash != std::string::npos) region.resize(slash);
            accounts = "https://accounts.zoho." + region + "/oauth/v2/token";
        }
        auto auth = refresh_auth(s, http, accounts, api::ClientAuthStyle::Form, "Zoho-oauthtoken");
        if (!auth) return unexpected(std::move(auth).error());
        zoho::ZohoOptions o;
        o.api = api_options(s, settings, "https://www.zohoapis.com", 200);
        o.organization_id = option(s, "organization_id");
        o.product = option(s, "product", "books");
        return std::unique_ptr<InvoiceSource>(std::make_unique<zoho::ZohoSource>(http, std::move(*auth), std::move(o)));
    }
    if (s.type == "freshbooks") {
        auto auth = refresh_auth(s, http, "https://api.freshbooks.com/auth/oauth/token", api::ClientAuthStyle::Json);
        if (!auth) return unexpected(std::move(auth).error());
        freshbooks::FreshBooksOptions o;
        o.api = api_options(s, settings, "https://api.freshbooks.com", 100);
        o.account_id = option(s, "account_id");
        return std::unique_ptr<InvoiceSource>(
            std::make_unique<freshbooks::FreshBooksSource>(http, std::move(*auth), std::move(o)));
    }
    if (s.type == "sheets") {
        auto csv = csv_options(s, today);
        if (!csv) return unexpected(std::move(csv).error());
        sheets::SheetsOptions o;
        o.api = api_options(s, settings, "https://sheets.googleapis.com", 1);
        o.csv = std::move(*csv);
        o.csv_url = option(s, "csv_url");
        o.sheet_id = option(s, "sheet_id");
        o.range = option(s, "range", "A1:Z");
        if (o.csv_url.empty()) {
            auto key = api_key(s);
            if (!key) return unexpected(std::move(key).error());
            o.api_key = std::move(*key);
        }
        return std::unique_ptr<InvoiceSource>(std::make_unique<sheets::SheetsSource>(http, std::move(o)));
    }
    if (s.type == "airtable") {
        SourceSettings text = s;
        text.columns.clear();  // the table's field names: applied before the CSV reader
        auto csv = csv_options(text, today);
        if (!csv) return unexpected(std::move(csv).error());
        auto key = api_key(s);
        if (!key) return unexpected(std::move(key).error());
        airtable::AirtableOptions o;
        o.api = api_options(s, settings, "https://api.airtable.com", 100);
        o.token = std::move(*key);
        o.base_id = option(s, "base_id");
        o.table = option(s, "table");
        o.view = option(s, "view");
        o.fields = s.columns;
        o.csv = std::move(*csv);
        return std::unique_ptr<InvoiceSource>(std::make_unique<airtable::AirtableSource>(http, std::move(o)));
    }
    if (s.type == "axonaut") {
        auto key = api_key(s);
        if (!key) return unexpected(std::move(key).error());
        axonaut::AxonautOptions o;
        o.api = api_options(s, settings, "https://axonaut.com", 100);
        o.api_key = std::move(*key);
        return std::unique_ptr<InvoiceSource>(std::make_unique<axonaut::AxonautSource>(http, std::move(o)));
    }
    if (s.type == "sellsy") {
        auto secret = client_secret(s);
        if (!secret) return unexpected(std::move(secret).error());
        api::OAuthSettings oauth;
        oauth.token_url = option(s, "token_url", "https://login.sellsy.com/oauth2/access-tokens");
        oauth.client_id = option(s, "client_id");
        oauth.client_secret = std::move(*secret);
        oauth.style = api::ClientAuthStyle::Form;
        oauth.scope = option(s, "scope");
        sellsy::SellsyOptions o;
        o.api = api_options(s, settings, "https://api.sellsy.com", 100);
        return std::unique_ptr<InvoiceSource>(std::make_unique<sellsy::SellsySource>(
            http, std::make_unique<api::OAuthClientCredentials>(http, std::move(oauth)), std::move(o)));
    }
    return fail(ErrorCode::InvalidInput, "sources '" + s.name + "': type '" + s.type + "' is not wired");
}

}  // namespace relance
