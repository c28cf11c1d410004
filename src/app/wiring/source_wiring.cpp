// SPDX-License-Identifier: MIT
#include "app/wiring/source_wiring.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "adapters/sources/api/oauth.h"
#include "adapters/sources/pennylane/pennylane_source.h"
#include "adapters/sources/sellsy/sellsy_source.h"
#include "adapters/sources/stripe/stripe_source.h"
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
                                                        HttpTransport& http) {
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
