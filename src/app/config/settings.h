// SPDX-License-Identifier: MIT
// Settings: everything the config file can say, with the defaults of the tutorial. Loaded from
// a commented TOML file (relance init writes one). Unknown keys and bad values are errors that
// name the key, its line, and what is expected; every problem is reported at once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/config/letter_settings.h"
#include "app/config/alert_settings.h"
#include "app/config/penalty_settings.h"
#include "app/config/web_settings.h"
#include "core/error.h"
#include "core/policy/policy.h"
#include "core/schedule/schedule.h"
#include "engine/daily_pass.h"

namespace relance {

struct SourceSettings {
    std::string name = "csv";
    std::string type = "csv";                    // "csv", or an invoicing tool (source_types.h)
    std::string path;                            // CSV file (relative to the config file)
    std::map<std::string, std::string> options;  // preset, delimiter, decimal, date_format, encoding, currency;
                                                 // for a tool, its keys (base_url, api_key_env …)
    std::map<std::string, std::string> columns;  // logical field -> header in the file
    int budget_seconds = 300;   // a tool: the time one listing may take, retries and waits included
    int page_size = 0;          // a tool: invoices per page (0: the tool's maximum)
    int freshness_hours = 0;    // a tool: how long earlier data counts when today's listing fails
};

/// [delivery.smtp]: the company's mail server. The password is never in the file itself: it comes
/// from the environment variable `password_env` or from `password_file` (mode 0600).
struct SmtpConfig {
    std::string host;
    int port = 587;
    std::string security = "starttls";  // starttls, tls, none
    std::string username;
    std::string password_env = "RELANCE_SMTP_PASSWORD";
    std::string password_file;
    std::string auth;                   // "", PLAIN, LOGIN
    std::string helo;
    std::string ca_file;
    int timeout_seconds = 60;
    int attempts = 3;
    int backoff_ms = 2000;
    int per_minute = 0;
    bool allow_plain = false;           // plain SMTP to a host that is not this machine
};

struct Settings {
    CompanyInfo company;
    std::string timezone = "Europe/Paris";
    Schedule schedule;  // [schedule]: when `relance serve` runs the pass
    Policy policy = Policy::defaults();
    std::string store_path = "relance.db";  // [store] path: the SQLite file (the default engine)
    /// [store] url: a postgres:// or postgresql:// URL selects the PostgreSQL engine instead of
    /// the file. RELANCE_STORE (a URL or a path) wins over both.
    std::string store_url;
    /// [store] password_env: the variable holding the PostgreSQL password, when neither the URL,
    /// PGPASSWORD nor ~/.pgpass gives it.
    std::string store_password_env;
    /// PostgreSQL: the tenant whose schema the store uses ("" = the default, schema public). Set
    /// by --tenant and by the workers (app/workers/tenants.h), never read from a file.
    std::string store_tenant;
    std::string channel = "outbox";  // "outbox" (.eml files in outbox_dir) or "smtp"
    std::string outbox_dir = "outbox";
    SmtpConfig smtp;
    std::string templates_dir;  // empty: built-in templates
    std::vector<SourceSettings> sources;
    AlertSettings alerts;
    PenaltySettings penalties;  // [penalties]
    LetterSettings letters;     // [letters] and the creditor identity of [company]
    WebSettings web;            // [web]: the dashboard
    std::string config_path;    // the file these came from ("" = defaults)
};

/// Reads and validates a config file. Relative paths in it are made relative to its folder.
[[nodiscard]] Result<Settings> load_settings(const std::string& path);

/// The commented config file that `relance init` writes.
[[nodiscard]] std::string default_config_toml();

/// Applies RELANCE_STORE (a postgres:// URL, or a SQLite path) over the store of `s`; the
/// config loader does it, and so must any command that builds Settings without a file.
void apply_store_environment(Settings& s);

}  // namespace relance
