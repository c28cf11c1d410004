// SPDX-License-Identifier: MIT
#include "app/web/auth.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace relance::web {
namespace {

bool sodium_ready() {
    static const bool ready = sodium_init() >= 0;  // thread-safe, idempotent
    return ready;
}

std::mutex& verify_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
    if (!sodium_ready()) return fail(ErrorCode::Internal, "libsodium could not be initialised");
    if (password.empty()) return fail(ErrorCode::InvalidInput, "the password is empty");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return fail(ErrorCode::Unavailable, "not enough memory to hash the password (64 MiB)");
    }
    return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
    if (!sodium_ready() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string h(hash);  // NUL-terminated, as crypto_pwhash_str_verify wants
    std::lock_guard lock(verify_mutex());
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
    if (!sodium_ready()) return {};
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
    hex.pop_back();
    return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
    if (!sodium_ready()) return false;
    // Hash both first: equal-length digests, so the comparison reveals nothing about lengths.
    unsigned char da[crypto_generichash_BYTES];
    unsigned char db[crypto_generichash_BYTES];
    crypto_generichash(da, sizeof da, reinterpret_cast<const unsigned char*>(a.data()), a.size(), nullptr, 0);
    crypto_generichash(db, sizeof db, reinterpret_cast<const unsigned char*>(b.data()), b.size(), nullptr, 0);
    return sodium_memcmp(da, db, sizeof da) == 0;
}

std::string SessionTable::open(std::string actor) {
    Session s{std::move(actor), random_hex(32), std::chrono::steady_clock::now() + lifetime_};
    std::string id = random_hex(32);
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.expires < now; });
    sessions_.emplace(id, std::move(s));
    return id;
}

std::optional<Session> SessionTable::find(std::string_view id) {
    if (id.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    if (it->second.expires < std::chrono::steady_clock::now()) {
        sessions_.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void SessionTable::close(std::string_view id) {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) sessions_.erase(it);
}

Result<Credentials> load_credentials(const WebSettings& web) {
    Credentials c;
    c.users = web.users;
    if (!web.token_file.empty()) {
        struct stat st {};
        if (::stat(web.token_file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            return fail(ErrorCode::InvalidInput, "web.token_file: cannot read '" + web.token_file + "'");
        }
        if ((st.st_mode & 077) != 0) {
            return fail(ErrorCode::InvalidInput, "web.token_file: '" + web.token_file +
                                                     "' can be read by other users: run `chmod 600 " +
                                                     web.token_file + "`");
        }
        std::ifstream in(web.token_file, std::ios::binary);
        std::ostringstream all;
        all << in.rdbuf();
        c.token = all.str();
        while (!c.token.empty() && (c.token.back() == '\n' || c.token.back() == '\r')) c.token.pop_back();
        if (c.token.empty()) return fail(ErrorCode::InvalidInput, "web.token_file: '" + web.token_file + "' is empty");
    } else if (!web.token_env.empty()) {
        if (const char* v = std::getenv(web.token_env.c_str()); v != nullptr) c.token = v;
    }
    if (!c.token.empty() && c.token.size() < 16) {
        return fail(ErrorCode::InvalidInput, "web: the access token (" +
                                                 (web.token_file.empty() ? web.token_env : web.token_file) +
                                                 ") is shorter than 16 characters: use e.g. `openssl rand -hex 32`");
    }
    return c;
}

}  // namespace relance::web
