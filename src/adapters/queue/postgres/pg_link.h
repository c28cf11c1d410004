// SPDX-License-Identifier: MIT
// The queue's libpq calls, all in this one file: a connection, parameterised statements, rows
// as text. Kept this small on purpose: it is switched to the store's libpq wrapper
// (adapters/store/postgres) once that one is in; nothing else here includes libpq-fe.h.
// Errors name the server (host:port/database) and never the password.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace relance::pgq {

/// The rows of one statement, as text (NULL = nullopt).
class Rows {
public:
    Rows() = default;
    explicit Rows(std::vector<std::vector<std::optional<std::string>>> cells) : cells_(std::move(cells)) {}
    [[nodiscard]] std::size_t size() const { return cells_.size(); }
    [[nodiscard]] bool null(std::size_t r, std::size_t c) const { return !cells_[r][c].has_value(); }
    [[nodiscard]] const std::string& text(std::size_t r, std::size_t c) const;
    [[nodiscard]] std::int64_t integer(std::size_t r, std::size_t c) const;
    [[nodiscard]] bool boolean(std::size_t r, std::size_t c) const { return text(r, c) == "t"; }

private:
    std::vector<std::vector<std::optional<std::string>>> cells_;
};

using Params = std::vector<std::optional<std::string>>;

/// One connection to the server (not thread-safe: callers serialise its use).
class Link {
public:
    /// Connects to `url` (postgres:// or postgresql://, or "host=... dbname=..."), 10 s at most.
    /// Unavailable, naming the server, when it cannot be reached.
    [[nodiscard]] static Result<Link> connect(const std::string& url);
    Link(Link&&) noexcept;
    Link& operator=(Link&&) noexcept;
    ~Link();

    /// Runs one statement with $1.. parameters (text); the rows it returns.
    [[nodiscard]] Result<Rows> exec(const std::string& sql, const Params& params = {});
    /// Runs statements without parameters (several, separated by ';').
    [[nodiscard]] Status run(const std::string& sql);
    /// "127.0.0.1:5432/relance": where this link goes, for messages.
    [[nodiscard]] const std::string& where() const { return where_; }

private:
    struct Conn;
    Link(std::unique_ptr<Conn> conn, std::string where);
    std::unique_ptr<Conn> conn_;
    std::string where_;
};

/// The URL without its password (for messages and logs).
[[nodiscard]] std::string redact_url(const std::string& url);

}  // namespace relance::pgq
