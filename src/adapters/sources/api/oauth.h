// SPDX-License-Identifier: MIT
// OAuth 2.0 for the invoicing APIs: the refresh-token grant (QuickBooks Online, Xero, Zoho
// Books, FreshBooks) and the client-credentials grant (Sellsy private apps). A refresh token
// that the tool rotates is written back at once to its file (mode 0600, replaced atomically,
// before the new access token is used), so the next run still holds a valid one.
//
// It must not: print, log or put in an error a token or a client secret, keep a token file
// that others can read, or go on with a new access token whose rotated refresh token could not
// be saved.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/sources/api/api_client.h"

namespace relance::api {

/// A secret file relance reads and rewrites (the rotated refresh token).
class TokenFile {
public:
    explicit TokenFile(std::string path) : path_(std::move(path)) {}
    /// The token, trailing newlines removed. InvalidInput when the file is missing, empty, or
    /// readable or writable by group or others (`chmod 600` fixes it).
    [[nodiscard]] Result<std::string> load() const;
    /// Replaces the file: a temporary file of mode 0600 in the same folder, written and synced,
    /// then renamed over it.
    [[nodiscard]] Status save(std::string_view token) const;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// How the client authenticates to the token endpoint.
enum class ClientAuthStyle {
    BasicForm,  // Authorization: Basic id:secret, form body (QuickBooks, Xero)
    Form,       // client_id and client_secret in the form body (Zoho, Sellsy)
    Json,       // a JSON body with client_id and client_secret (FreshBooks)
};

struct OAuthSettings {
    std::string token_url;
    std::string client_id;
    std::string client_secret;
    ClientAuthStyle style = ClientAuthStyle::BasicForm;
    std::string header_scheme = "Bearer";  // "Zoho-oauthtoken" for Zoho
    std::string redirect_uri;              // FreshBooks asks for it on a refresh
    std::string scope;                     // client credentials: the scopes asked for
};

/// What both grants share: a token endpoint, and the access token sent as
/// "Authorization: <scheme> <token>", obtained before the first request and again after a 401.
class OAuthGrant : public Auth {
public:
    [[nodiscard]] Status authorize(HttpRequest& request) override;
    [[nodiscard]] Result<bool> renew() override;

protected:
    OAuthGrant(HttpTransport& http, OAuthSettings settings, RetryPolicy retry, SleepFn sleep);
    /// A new access token from the endpoint.
    [[nodiscard]] virtual Result<std::string> obtain() = 0;
    /// POSTs `grant` (grant_type and its fields) with the client's credentials; gives the access
    /// token and the refresh token the tool sent back ("" when none).
    [[nodiscard]] Result<std::pair<std::string, std::string>> request(
        std::vector<std::pair<std::string, std::string>> grant);

private:
    HttpTransport& http_;
    OAuthSettings settings_;
    RetryPolicy retry_;
    SleepFn sleep_;
    std::string access_;
};

/// The refresh-token grant. A refresh token the tool rotates is saved before it is used.
class OAuthRefresh final : public OAuthGrant {
public:
    OAuthRefresh(HttpTransport& http, OAuthSettings settings, TokenFile refresh_token,
                 RetryPolicy retry = {}, SleepFn sleep = {});

private:
    [[nodiscard]] Result<std::string> obtain() override;
    TokenFile file_;
};

/// The client-credentials grant (no refresh token: a new access token when needed).
class OAuthClientCredentials final : public OAuthGrant {
public:
    OAuthClientCredentials(HttpTransport& http, OAuthSettings settings, RetryPolicy retry = {},
                           SleepFn sleep = {});

private:
    [[nodiscard]] Result<std::string> obtain() override;
};

}  // namespace relance::api
