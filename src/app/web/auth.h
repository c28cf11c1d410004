// SPDX-License-Identifier: MIT
// Who is calling the dashboard: the access token, users' password hashes (Argon2id through
// libsodium's crypto_pwhash_str, the "interactive" limits: 2 passes over 64 MiB), signed-in
// sessions and their CSRF tokens. Holds secrets in memory only; never logs or returns one, and
// compares them in constant time. No HTTP here (routes.cpp decides what a request may do).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config/web_settings.h"
#include "core/error.h"

namespace relance::web {

/// An Argon2id hash of `password` for [[web.users]] password_hash (a new random salt each time).
[[nodiscard]] Result<std::string> hash_password(std::string_view password);
/// Whether `password` matches `hash` (written by hash_password). One check at a time per process:
/// each takes about 64 MiB for a fraction of a second, which also slows down guessing.
[[nodiscard]] bool verify_password(std::string_view hash, std::string_view password);
/// `bytes` random bytes from the system's generator, as lower-case hex.
[[nodiscard]] std::string random_hex(std::size_t bytes);
/// a == b without revealing, through timing, where they differ (nor their lengths).
[[nodiscard]] bool same_secret(std::string_view a, std::string_view b);

/// A signed-in browser: who, and the token its forms must send back.
struct Session {
    std::string actor;  // "web:alice", "web:token"
    std::string csrf;
    std::chrono::steady_clock::time_point expires;
};

/// Sessions by cookie value, in memory (a restart signs everyone out). Thread-safe; the lock is
/// held only inside each call.
class SessionTable {
public:
    explicit SessionTable(std::chrono::seconds lifetime = std::chrono::hours{12}) : lifetime_(lifetime) {}
    /// A new session for `actor`; returns its cookie value.
    [[nodiscard]] std::string open(std::string actor);
    /// The live session of a cookie value, if any.
    [[nodiscard]] std::optional<Session> find(std::string_view id);
    void close(std::string_view id);

private:
    std::chrono::seconds lifetime_;
    std::mutex mutex_;
    std::map<std::string, Session, std::less<>> sessions_;
};

/// The resolved credentials of [web]: the token's value (from token_file or token_env) and users.
struct Credentials {
    std::string token;  // empty: no token accepted
    std::vector<WebUser> users;

    [[nodiscard]] bool any() const { return !token.empty() || !users.empty(); }
};
/// Reads the token from `token_file` (which must be mode 0600 or stricter) or, without one, from
/// the environment variable `token_env`. Errors name the key, never the secret.
[[nodiscard]] Result<Credentials> load_credentials(const WebSettings& web);

}  // namespace relance::web
