// SPDX-License-Identifier: MIT
// [web]: where the dashboard listens and who may use it. Secrets are never in the file itself: the
// access token comes from the environment variable `token_env` or from `token_file` (mode 0600),
// and users carry only an Argon2id hash of their password (`relance hash-password`).
#pragma once

#include <string>
#include <vector>

namespace relance {

/// [[web.users]]: one person who may sign in to the dashboard.
struct WebUser {
    std::string name;
    std::string password_hash;  // "$argon2id$v=19$m=...,t=...,p=1$salt$hash" (libsodium crypto_pwhash_str)
};

struct WebSettings {
    std::string bind = "127.0.0.1";  // any other address requires a token or a user
    int port = 8080;
    std::string base_url;  // the address people open, e.g. behind a reverse proxy (https://...)
    std::string token_env = "RELANCE_WEB_TOKEN";
    std::string token_file;
    std::vector<WebUser> users;
    int threads = 16;  // worker threads (each keep-alive connection holds one for up to 5 s)
};

}  // namespace relance
