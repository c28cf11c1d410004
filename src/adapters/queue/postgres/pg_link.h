// SPDX-License-Identifier: MIT
// The queue's statements over the store's libpq wrapper (adapters/store/postgres/pq.h: the
// connection, its errors and redaction are pq's): parameterised statements, rows as text. The
// queue does not use the stores' SQL layer (sql::Connection) because its write transactions take
// the store schema's advisory lock, which the queue's claims must not wait for.
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
    /// Connects to `url` (pq::connect: Unavailable naming host:port when the server cannot be
    /// reached, Rejected for a refused login; never the password).
    [[nodiscard]] static Result<Link> connect(const std::string& url);
    Link(Link&&) noexcept;
    Link& operator=(Link&&) noexcept;
    ~Link();

    /// Runs one statement with $1.. parameters (text); the rows it returns.
    [[nodiscard]] Result<Rows> exec(const std::string& sql, const Params& params = {});
    /// Runs statements without parameters (several, separated by ';').
    [[nodiscard]] Status run(const std::string& sql);

private:
    struct Conn;
    explicit Link(std::unique_ptr<Conn> conn);
    std::unique_ptr<Conn> conn_;
};

}  // namespace relance::pgq
