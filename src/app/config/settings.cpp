// SPDX-License-Identifier: MIT
#include "app/config/settings.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>

#include "adapters/store/postgres/postgres_store.h"
#include "app/config/source_types.h"
#include "core/money/money.h"
#include "core/time/date.h"

namespace relance {
namespace {

namespace fs = std::filesystem;

// Collects problems as "file:line: key: message" and reads typed values.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    void problem(const toml::node* node, const std::string& key, const std::string& message) {
        std::string where = file_;
        if (node != nullptr && node->source().begin) where += ":" + std::to_string(node->source().begin.line);
        problems_.push_back(where + ": " + key + ": " + message);
    }

    void known_keys(const toml::table& t, const std::string& prefix, const std::set<std::string>& keys) {
        for (const auto& [k, v] : t) {
            if (!keys.count(std::string(k.str()))) {
                std::string list;
                for (const auto& key : keys) list += (list.empty() ? "" : ", ") + key;
                problem(&v, prefix + std::string(k.str()), "unknown key (expected one of: " + list + ")");
            }
        }
    }

    void str(const toml::table& t, const std::string& prefix, const char* key, std::string& out) {
        const toml::node* n = t.get(key);
        if (n == nullptr) return;
        if (auto v = n->value<std::string>()) {
            out = *v;
        } else {
            problem(n, prefix + key, "expected a text value in quotes");
        }
    }
    void integer(const toml::table& t, const std::string& prefix, const char* key, int& out, int min,
                 int max) {
        const toml::node* n = t.get(key);
        if (n == nullptr) return;
        auto v = n->value<std::int64_t>();
        if (!v || !n->is_integer()) {
            problem(n, prefix + key, "expected a whole number");
        } else if (*v < min || *v > max) {
            problem(n, prefix + key,
                    "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
        } else {
            out = static_cast<int>(*v);
        }
    }
    void boolean(const toml::table& t, const std::string& prefix, const char* key, bool& out) {
        const toml::node* n = t.get(key);
        if (n == nullptr) return;
        if (auto v = n->value<bool>(); v && n->is_boolean()) {
            out = *v;
        } else {
            problem(n, prefix + key, "expected true or false");
        }
    }
    void strings(const toml::table& t, const std::string& prefix, const char* key,
                 std::vector<std::string>& out) {
        const toml::node* n = t.get(key);
        if (n == nullptr) return;
        const toml::array* arr = n->as_array();
        if (arr == nullptr) {
            problem(n, prefix + key, "expected a list of texts, e.g. [\"a\", \"b\"]");
            return;
        }
        out.clear();
        for (const auto& e : *arr) {
            if (auto v = e.value<std::string>()) {
                out.push_back(*v);
            } else {
                problem(&e, prefix + key, "expected a list of texts");
            }
        }
    }
    const toml::table* table(const toml::table& t, const std::string& prefix, const char* key) {
        const toml::node* n = t.get(key);
        if (n == nullptr) return nullptr;
        if (!n->is_table()) {
            problem(n, prefix + key, "expected a section [" + prefix + key + "]");
            return nullptr;
        }
        return n->as_table();
    }

    std::vector<std::string>& problems() { return problems_; }

private:
    std::string file_;
    std::vector<std::string> problems_;
};

bool looks_like_email(const std::string& s) {
    const auto at = s.find('@');
    return at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
           s.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

std::string resolve(const fs::path& base, const std::string& p) {
    if (p.empty() || fs::path(p).is_absolute()) return p;
    return (base / p).lexically_normal().string();
}

// The creditor's identity for the formal-notice letters (letter_settings.h), under [company].
void read_identity(Reader& r, const toml::table& c, CreditorIdentity& id) {
    const std::string p = "company.";
    r.str(c, p, "legal_form", id.legal_form);
    r.str(c, p, "capital", id.capital);
    r.str(c, p, "siren", id.siren);
    r.str(c, p, "rcs", id.rcs);
    r.str(c, p, "vat_number", id.vat_number);
    r.strings(c, p, "address", id.address);
    r.str(c, p, "city", id.city);
    r.str(c, p, "contact", id.contact);
    r.str(c, p, "iban", id.iban);
    r.str(c, p, "bic", id.bic);
    r.str(c, p, "bank", id.bank);
    if (!id.siren.empty() && !valid_siren(id.siren)) {
        r.problem(c.get("siren"), p + "siren", "expected the 9 digits of a SIREN such as \"732 829 320\" (its check digit is wrong)");
    }
    if (!id.iban.empty() && !valid_iban(id.iban)) {
        r.problem(c.get("iban"), p + "iban",
                  "expected an IBAN such as \"FR76 3000 6000 0112 3456 7890 189\" (its check digits are wrong)");
    }
    if (!id.bic.empty() && !valid_bic(id.bic)) {
        r.problem(c.get("bic"), p + "bic", "expected a BIC of 8 or 11 characters such as \"AGRIFRPP\"");
    }
    if (id.address.size() > 6) {
        r.problem(c.get("address"), p + "address", "at most 6 lines (street, building, postcode and city, country)");
    }
}

// [letters] (letter_settings.h): the formal-notice letters.
void read_letters(Reader& r, const toml::table& t, LetterSettings& out) {
    const std::string p = "letters.";
    r.known_keys(t, p, {"enabled", "dir", "deadline_days", "attach", "signatory", "signatory_title",
                        "collection_dir"});
    r.boolean(t, p, "enabled", out.enabled);
    r.str(t, p, "dir", out.dir);
    r.integer(t, p, "deadline_days", out.deadline_days, 1, 90);
    r.boolean(t, p, "attach", out.attach);
    r.str(t, p, "signatory", out.creditor.signatory);
    r.str(t, p, "signatory_title", out.creditor.signatory_title);
    r.str(t, p, "collection_dir", out.collection_dir);
    if (out.dir.empty()) r.problem(t.get("dir"), p + "dir", "expected a folder, e.g. \"letters\"");
}

// [penalties] (penalty_settings.h): each key is checked against its allowed values.
void read_penalties(Reader& r, const toml::table& t, const fs::path& base, PenaltySettings& out) {
    const std::string p = "penalties.";
    r.known_keys(t, p, {"jurisdiction", "rate", "half_year", "day_count", "creditor", "rate_table",
                        "customer_rates"});
    std::string text;
    const auto read = [&](const char* key) {
        text.clear();
        r.str(t, p, key, text);
        return !text.empty();
    };
    if (read("jurisdiction")) {
        auto j = parse_jurisdiction(text);
        if (j) out.terms.jurisdiction = *j;
        if (!j) r.problem(t.get("jurisdiction"), p + "jurisdiction", j.error().message);
    }
    if (read("rate")) {
        auto rule = parse_rate_rule(text);
        if (rule) out.terms.rate = *rule;
        if (!rule) r.problem(t.get("rate"), p + "rate", rule.error().message);
    }
    // A key with two allowed words: true for `first`, false for `second`; none when absent or bad.
    const auto either = [&](const char* key, const char* first, const char* second) -> std::optional<bool> {
        if (!read(key)) return std::nullopt;
        if (text == first || text == second) return text == first;
        r.problem(t.get(key), p + key, std::string("expected \"") + first + "\" or \"" + second + "\"");
        return std::nullopt;
    };
    if (auto v = either("half_year", "per_half_year", "fixed_at_start")) {
        out.terms.half_year = *v ? HalfYearMode::PerHalfYear : HalfYearMode::FixedAtStart;
    }
    if (auto v = either("day_count", "365", "actual")) {
        out.terms.day_count = *v ? DayCount::Days365 : DayCount::Actual;
    }
    if (auto v = either("creditor", "business", "individual")) {
        out.terms.creditor = *v ? CreditorKind::Business : CreditorKind::Individual;
    }
    if (read("rate_table")) {
        out.rate_table = resolve(base, text);
        if (!fs::is_regular_file(out.rate_table)) {
            r.problem(t.get("rate_table"), p + "rate_table", "file '" + out.rate_table + "' does not exist");
        }
    }
    if (const auto* rates = r.table(t, p, "customer_rates")) {
        for (const auto& [k, v] : *rates) {
            const std::string key = p + "customer_rates." + std::string(k.str());
            auto value = v.value<std::string>();
            auto rule = value ? parse_rate_rule(*value) : parse_rate_rule("");
            if (rule) out.customer_rates[std::string(k.str())] = *rule;
            if (!rule) r.problem(&v, key, "expected \"statutory\", \"3x_legal\" or a rate in percent such as \"9.50\"");
        }
    }
    const auto three_x = [](const RateRule& rule) { return rule.basis == RateBasis::ThreeTimesLegal; };
    bool any_three_x = three_x(out.terms.rate);
    for (const auto& [id, rule] : out.customer_rates) any_three_x = any_three_x || three_x(rule);
    if (any_three_x && out.terms.jurisdiction != Jurisdiction::France) {
        r.problem(t.get("jurisdiction"), p + "jurisdiction",
                  "\"3x_legal\" is a French rule (L441-10 II): use it with jurisdiction = \"FR\"");
    }
}

// A [[sources]] entry naming an invoicing tool (source_types.h): its keys are text kept in
// `options` (file paths made relative to the config's folder), plus three numbers.
void read_tool_source(Reader& r, const toml::table& t, const std::string& prefix, const fs::path& base,
                      const SourceTypeInfo& tool, SourceSettings& src) {
    const std::vector<std::string_view> text_keys = source_text_keys(tool);
    std::set<std::string> keys = {"name", "type", "budget_seconds", "page_size", "freshness_hours"};
    for (std::string_view k : text_keys) keys.emplace(k);
    if (tool.columns) keys.insert("columns");
    r.known_keys(t, prefix, keys);
    src.name = std::string(tool.type);
    r.str(t, prefix, "name", src.name);
    for (std::string_view k : text_keys) {
        const std::string key(k);
        std::string v;
        r.str(t, prefix, key.c_str(), v);
        if (!v.empty()) src.options[key] = is_path_key(k) ? resolve(base, v) : v;
    }
    r.integer(t, prefix, "budget_seconds", src.budget_seconds, 1, 86400);
    r.integer(t, prefix, "page_size", src.page_size, 0, 1000);
    r.integer(t, prefix, "freshness_hours", src.freshness_hours, 0, 24 * 31);
    for (std::string_view k : tool.required) {
        if (src.options.count(std::string(k)) == 0) {
            r.problem(&t, prefix + std::string(k),
                      "missing: " + std::string(tool.tool) + " needs it (see the README, section " +
                          std::string(tool.tool) + ")");
        }
    }
    if (tool.type == "sheets" && src.options.count("csv_url") == src.options.count("sheet_id")) {
        r.problem(&t, prefix + "csv_url",
                  "give either csv_url (a sheet published as CSV) or sheet_id (the Sheets API, with an API key)");
    }
    if (const auto it = src.options.find("since"); it != src.options.end() && !parse_iso_date(it->second)) {
        r.problem(t.get("since"), prefix + "since", "expected a date such as \"2024-01-01\"");
    }
    if (const auto it = src.options.find("base_url");
        it != src.options.end() && it->second.rfind("https://", 0) != 0 && it->second.rfind("http://", 0) != 0) {
        r.problem(t.get("base_url"), prefix + "base_url", "expected a URL such as https://api.example.com");
    }
}

// A secret's location: `<key>_env` and `<key>_file` (the file relative to the config file).
void read_secret_source(Reader& r, const toml::table& t, const std::string& prefix, const std::string& key,
                        const fs::path& base, SecretSource& out) {
    r.str(t, prefix, (key + "_env").c_str(), out.env);
    r.str(t, prefix, (key + "_file").c_str(), out.file);
    out.file = resolve(base, out.file);
}

constexpr const char* kNoticeChannels = "\"slack\", \"email\", \"notion\", \"airtable\" or \"webhook\"";

// [alerts] (alert_settings.h) and [tasks]: rules, channels and how to reach each service.
void read_alerts(Reader& r, const toml::table* a, const toml::table* tasks, const fs::path& base, Settings& s) {
    AlertSettings& out = s.alerts;
    const std::string p = "alerts.";
    if (a != nullptr) {
        r.known_keys(*a, p, {"amount_threshold", "currency", "level", "vip_tags", "first_invoice", "enabled",
                             "exclude_tags", "rules", "missed_run_hours", "failed_run", "stuck_run_hours",
                             "remind_after_days", "digest", "dashboard_url", "channels", "http_attempts",
                             "http_timeout_seconds", "slack", "email", "notion", "airtable", "webhook"});
        r.str(*a, p, "amount_threshold", out.amount_threshold);
        r.str(*a, p, "currency", out.currency);
        r.integer(*a, p, "level", out.level, 0, 20);
        r.strings(*a, p, "vip_tags", out.vip_tags);
        r.boolean(*a, p, "first_invoice", out.first_invoice);
        r.boolean(*a, p, "enabled", out.enabled);
        r.strings(*a, p, "exclude_tags", out.exclude_tags);
        r.integer(*a, p, "missed_run_hours", out.missed_run_hours, 0, 24 * 365);
        r.boolean(*a, p, "failed_run", out.failed_run);
        r.integer(*a, p, "stuck_run_hours", out.stuck_run_hours, 1, 24 * 30);
        r.integer(*a, p, "remind_after_days", out.remind_after_days, 0, 3650);
        r.boolean(*a, p, "digest", out.digest);
        r.str(*a, p, "dashboard_url", out.dashboard_url);
        r.strings(*a, p, "channels", out.channels);
        r.integer(*a, p, "http_attempts", out.http_attempts, 1, 10);
        r.integer(*a, p, "http_timeout_seconds", out.http_timeout_seconds, 1, 600);
        auto cur = Currency::from_code(out.currency);
        if (!cur) {
            r.problem(a->get("currency"), p + "currency", cur.error().message);
        } else if (!parse_money(out.amount_threshold, *cur, DecimalMark::Point)) {
            r.problem(a->get("amount_threshold"), p + "amount_threshold",
                      "expected an amount such as \"5000\" or \"5000.00\"");
        }
        if (!out.dashboard_url.empty() && out.dashboard_url.rfind("http://", 0) != 0 &&
            out.dashboard_url.rfind("https://", 0) != 0) {
            r.problem(a->get("dashboard_url"), p + "dashboard_url", "expected an http:// or https:// address");
        }
        if (const toml::node* rn = a->get("rules")) {
            const toml::array* arr = rn->as_array();
            if (arr == nullptr || !arr->is_array_of_tables()) {
                r.problem(rn, p + "rules", "expected [[alerts.rules]] sections");
            } else {
                int n = 0;
                for (const auto& e : *arr) {
                    const toml::table& t = *e.as_table();
                    const std::string pre = p + "rules[" + std::to_string(n++) + "].";
                    r.known_keys(t, pre, {"name", "when", "include_tags", "exclude_tags", "currency"});
                    FieldRule rule;
                    r.str(t, pre, "name", rule.name);
                    std::string code = out.currency;
                    r.str(t, pre, "currency", code);
                    if (auto c = Currency::from_code(code)) {
                        rule.currency = *c;
                    } else {
                        r.problem(t.get("currency"), pre + "currency", c.error().message);
                    }
                    std::vector<std::string> when;
                    r.strings(t, pre, "when", when);
                    bool readable = true;
                    for (const auto& w : when) {
                        auto cond = parse_condition(w, rule.currency);
                        if (cond) rule.when.push_back(*cond);
                        if (!cond) r.problem(t.get("when"), pre + "when", cond.error().message);
                        readable = readable && cond.has_value();
                    }
                    r.strings(t, pre, "include_tags", rule.include_tags);
                    r.strings(t, pre, "exclude_tags", rule.exclude_tags);
                    if (readable) out.rules.push_back(std::move(rule));  // else already reported
                }
            }
        }
        if (const auto* t = r.table(*a, p, "slack")) {
            r.known_keys(*t, p + "slack.", {"webhook_url_env", "webhook_url_file"});
            read_secret_source(r, *t, p + "slack.", "webhook_url", base, out.slack_url);
        }
        if (const auto* t = r.table(*a, p, "email")) {
            r.known_keys(*t, p + "email.", {"to", "outbox_dir"});
            r.strings(*t, p + "email.", "to", out.email_to);
            r.str(*t, p + "email.", "outbox_dir", out.email_outbox_dir);
            for (const auto& e : out.email_to) {
                if (!looks_like_email(e)) r.problem(t->get("to"), p + "email.to", "'" + e + "' is not an e-mail address");
            }
        }
        if (const auto* t = r.table(*a, p, "notion")) {
            const std::string pre = p + "notion.";
            NotionSettings& n = out.notion;
            r.known_keys(*t, pre, {"token_env", "token_file", "database_id", "api_url", "version", "title_property",
                                   "status_property", "status_type", "status_value", "amount_property",
                                   "due_date_property", "assignee_property", "assignee_id"});
            read_secret_source(r, *t, pre, "token", base, out.notion_token);
            for (const auto& [key, field] :
                 {std::pair{"database_id", &n.database_id}, std::pair{"api_url", &n.api_url},
                  std::pair{"version", &n.version}, std::pair{"title_property", &n.title_property},
                  std::pair{"status_property", &n.status_property}, std::pair{"status_type", &n.status_type},
                  std::pair{"status_value", &n.status_value}, std::pair{"amount_property", &n.amount_property},
                  std::pair{"due_date_property", &n.due_date_property},
                  std::pair{"assignee_property", &n.assignee_property}, std::pair{"assignee_id", &n.assignee_id}}) {
                r.str(*t, pre, key, *field);
            }
            if (n.status_type != "status" && n.status_type != "select") {
                r.problem(t->get("status_type"), pre + "status_type", "expected \"status\" or \"select\"");
            }
        }
        if (const auto* t = r.table(*a, p, "airtable")) {
            const std::string pre = p + "airtable.";
            AirtableSettings& at = out.airtable;
            r.known_keys(*t, pre, {"token_env", "token_file", "base_id", "table", "api_url", "title_field",
                                   "status_field", "status_value", "amount_field", "due_date_field",
                                   "assignee_field", "assignee", "customer_field", "invoice_field", "details_field"});
            read_secret_source(r, *t, pre, "token", base, out.airtable_token);
            for (const auto& [key, field] :
                 {std::pair{"base_id", &at.base_id}, std::pair{"table", &at.table}, std::pair{"api_url", &at.api_url},
                  std::pair{"title_field", &at.title_field}, std::pair{"status_field", &at.status_field},
                  std::pair{"status_value", &at.status_value}, std::pair{"amount_field", &at.amount_field},
                  std::pair{"due_date_field", &at.due_date_field}, std::pair{"assignee_field", &at.assignee_field},
                  std::pair{"assignee", &at.assignee}, std::pair{"customer_field", &at.customer_field},
                  std::pair{"invoice_field", &at.invoice_field}, std::pair{"details_field", &at.details_field}}) {
                r.str(*t, pre, key, *field);
            }
        }
        if (const auto* t = r.table(*a, p, "webhook")) {
            r.known_keys(*t, p + "webhook.", {"url_env", "url_file", "token_env", "token_file"});
            read_secret_source(r, *t, p + "webhook.", "url", base, out.webhook_url);
            read_secret_source(r, *t, p + "webhook.", "token", base, out.webhook_token);
        }
    }
    if (tasks != nullptr) {
        r.known_keys(*tasks, "tasks.", {"channels"});
        r.strings(*tasks, "tasks.", "channels", out.task_channels);
    }
    out.email_outbox_dir = resolve(base, out.email_outbox_dir);
    // Every channel named must be known and have what it needs.
    std::set<std::string> used;
    const auto check = [&](const std::vector<std::string>& names, const toml::table* t, const char* key) {
        const toml::node* node = t != nullptr ? t->get(key) : nullptr;
        const std::string where = std::string(t == tasks ? "tasks." : "alerts.") + key;
        for (const auto& name : names) {
            if (name != "slack" && name != "email" && name != "notion" && name != "airtable" && name != "webhook") {
                r.problem(node, where, "unknown channel '" + name + "' (expected " + kNoticeChannels + ")");
            }
            used.insert(name);
        }
    };
    check(out.channels, a, "channels");
    check(out.task_channels, tasks, "channels");
    const toml::node* at = a != nullptr ? a->get("channels") : nullptr;
    if (used.count("email") && out.email_to.empty()) {
        r.problem(at, "alerts.email.to", "missing: the finance manager's address(es), e.g. to = [\"compta@entreprise.example\"]");
    }
    if (used.count("notion") && out.notion.database_id.empty()) {
        r.problem(at, "alerts.notion.database_id", "missing: the id of the database the pages go in");
    }
    if (used.count("airtable") && (out.airtable.base_id.empty() || out.airtable.table.empty())) {
        r.problem(at, "alerts.airtable.base_id", "missing: the base (appXXXXXXXXXXXXXX) and table the records go in");
    }
    AlertRules rules = out.engine_rules();
    for (const auto& problem : validate(rules)) r.problems().push_back(s.config_path + ": " + problem);
}

}  // namespace

Result<Settings> load_settings(const std::string& path) {
    Settings s;
    s.config_path = path;
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::string msg = path;
        if (e.source().begin) {
            msg += ":" + std::to_string(e.source().begin.line) + ":" +
                   std::to_string(e.source().begin.column);
        }
        msg += ": " + std::string(e.description());
        if (!fs::exists(path)) msg = path + ": no such file (run `relance init` to create one)";
        return fail(ErrorCode::InvalidInput, msg);
    }
    Reader r(path);
    const fs::path base = fs::absolute(path).parent_path();

    r.known_keys(root, "", {"company", "policy", "levels", "store", "sources", "delivery", "templates", "alerts", "web",
                            "penalties", "schedule", "letters", "tasks"});

    if (const auto* c = r.table(root, "", "company")) {
        r.known_keys(*c, "company.", {"name", "email", "reply_to", "phone", "language", "timezone", "bcc", "message_domain",
                                      "legal_form", "capital", "siren", "rcs", "vat_number", "address", "city",
                                      "contact", "iban", "bic", "bank"});
        read_identity(r, *c, s.letters.creditor);
        r.str(*c, "company.", "name", s.company.name);
        r.str(*c, "company.", "email", s.company.email);
        r.str(*c, "company.", "reply_to", s.company.reply_to);
        r.str(*c, "company.", "phone", s.company.phone);
        r.str(*c, "company.", "language", s.company.language);
        r.str(*c, "company.", "timezone", s.timezone);
        r.str(*c, "company.", "message_domain", s.company.message_domain);
        r.strings(*c, "company.", "bcc", s.company.bcc);
        if (!looks_like_email(s.company.email)) {
            r.problem(c->get("email"), "company.email", "expected an e-mail address such as relances@example.fr");
        }
        if (!s.company.reply_to.empty() && !looks_like_email(s.company.reply_to)) {
            r.problem(c->get("reply_to"), "company.reply_to", "expected an e-mail address");
        }
        for (const auto& b : s.company.bcc) {
            if (!looks_like_email(b)) r.problem(c->get("bcc"), "company.bcc", "'" + b + "' is not an e-mail address");
        }
        if (s.company.language != "fr" && s.company.language != "en") {
            r.problem(c->get("language"), "company.language", "expected \"fr\" or \"en\"");
        }
        if (!check_zone(s.timezone)) {
            r.problem(c->get("timezone"), "company.timezone",
                      "unknown time zone '" + s.timezone + "' (expected an IANA name such as Europe/Paris)");
        }
    }

    if (const auto* p = r.table(root, "", "policy")) {
        r.known_keys(*p, "policy.", {"min_gap_days", "allow_skip", "group_by_customer", "hold_tags",
                                     "collection_after_days"});
        r.integer(*p, "policy.", "collection_after_days", s.policy.collection_after_days, -1, 3650);
        r.strings(*p, "policy.", "hold_tags", s.policy.hold_tags);
        r.integer(*p, "policy.", "min_gap_days", s.policy.min_gap_days, 0, 365);
        r.boolean(*p, "policy.", "allow_skip", s.policy.allow_skip);
        r.boolean(*p, "policy.", "group_by_customer", s.policy.group_by_customer);
    }

    if (const toml::node* ln = root.get("levels")) {
        const toml::array* arr = ln->as_array();
        if (arr == nullptr || !arr->is_array_of_tables()) {
            r.problem(ln, "levels", "expected [[levels]] sections");
        } else {
            s.policy.levels.clear();
            int n = 0;
            for (const auto& e : *arr) {
                const toml::table& t = *e.as_table();
                const std::string prefix = "levels[" + std::to_string(n) + "].";
                Level l;
                l.number = ++n;
                r.known_keys(t, prefix, {"after_days", "name", "mention_penalties", "internal_alert", "formal_notice",
                                         "claim_penalties", "cc", "bcc"});
                if (t.get("after_days") == nullptr) r.problem(&t, prefix + "after_days", "missing (days after the due date)");
                r.integer(t, prefix, "after_days", l.after_days, 0, 3650);
                r.str(t, prefix, "name", l.name);
                r.boolean(t, prefix, "mention_penalties", l.mention_penalties);
                r.boolean(t, prefix, "internal_alert", l.internal_alert);
                r.boolean(t, prefix, "formal_notice", l.formal_notice);
                r.boolean(t, prefix, "claim_penalties", l.claim_penalties);
                for (const char* key : {"cc", "bcc"}) {
                    std::vector<std::string> list;
                    r.strings(t, prefix, key, list);
                    for (const auto& a : list) {
                        if (!looks_like_email(a)) r.problem(t.get(key), prefix + key, "'" + a + "' is not an e-mail address");
                    }
                    (key[0] == 'c' ? s.company.level_cc : s.company.level_bcc)[l.number] = std::move(list);
                }
                s.policy.levels.push_back(l);
            }
        }
    }
    for (const auto& p : validate(s.policy)) r.problems().push_back(path + ": " + p);

    if (const auto* sc = r.table(root, "", "schedule")) {
        r.known_keys(*sc, "schedule.", {"time", "cron", "weekends", "holidays"});
        std::string time = "09:00";
        std::string cron;
        r.str(*sc, "schedule.", "time", time);
        r.str(*sc, "schedule.", "cron", cron);
        if (time.size() != 5 || time[2] != ':' || time.find_first_not_of("0123456789:") != std::string::npos ||
            std::stoi(time.substr(0, 2)) > 23 || std::stoi(time.substr(3, 2)) > 59) {
            r.problem(sc->get("time"), "schedule.time", "expected a local time such as \"09:00\"");
        } else {
            s.schedule.hour = std::stoi(time.substr(0, 2));
            s.schedule.minute = std::stoi(time.substr(3, 2));
        }
        if (!cron.empty()) {
            auto parsed = parse_cron(cron);
            if (!parsed) {
                r.problem(sc->get("cron"), "schedule.cron", parsed.error().message);
            } else {
                s.schedule.cron = *parsed;
            }
        }
        for (const char* key : {"weekends", "holidays"}) {
            std::string v = "run";
            r.str(*sc, "schedule.", key, v);
            NonBusinessDays& rule = key[0] == 'w' ? s.schedule.weekends : s.schedule.holidays;
            if (v == "run") {
                rule = NonBusinessDays::Run;
            } else if (v == "skip") {
                rule = NonBusinessDays::Skip;
            } else if (v == "shift") {
                rule = NonBusinessDays::Shift;
            } else {
                r.problem(sc->get(key), std::string("schedule.") + key,
                          "expected \"run\", \"skip\" or \"shift\" (to the next business day)");
            }
        }
    }

    if (const auto* st = r.table(root, "", "store")) {
        r.known_keys(*st, "store.", {"path", "url", "password_env"});
        r.str(*st, "store.", "path", s.store_path);
        r.str(*st, "store.", "url", s.store_url);
        r.str(*st, "store.", "password_env", s.store_password_env);
        if (!s.store_url.empty() && !is_postgres_url(s.store_url)) {
            r.problem(st->get("url"), "store.url",
                      "expected a PostgreSQL URL, postgres://user@host:5432/database (the SQLite "
                      "file is [store] path)");
        }
        if (auto bad = check_store_location(s.store_path); !bad) {
            r.problem(st->get("path"), "store.path", bad.error().message);
        }
    }
    s.store_path = resolve(base, s.store_path);
    apply_store_environment(s);
    // Checked here, before any command opens (and so creates) the store.
    if (const char* env = std::getenv("RELANCE_STORE"); env != nullptr && *env != '\0') {
        if (auto bad = check_store_location(env); !bad) r.problem(nullptr, "RELANCE_STORE", bad.error().message);
    }

    if (const auto* d = r.table(root, "", "delivery")) {
        r.known_keys(*d, "delivery.", {"channel", "outbox_dir", "smtp"});
        r.str(*d, "delivery.", "channel", s.channel);
        if (s.channel != "outbox" && s.channel != "smtp") {
            r.problem(d->get("channel"), "delivery.channel",
                      "expected \"outbox\" (e-mail files in outbox_dir) or \"smtp\" (see [delivery.smtp])");
        }
        r.str(*d, "delivery.", "outbox_dir", s.outbox_dir);
        const auto* m = r.table(*d, "delivery.", "smtp");
        if (m != nullptr) {
            const std::string pre = "delivery.smtp.";
            SmtpConfig& c = s.smtp;
            r.known_keys(*m, pre, {"host", "port", "security", "username", "password_env", "password_file",
                                   "auth", "helo", "ca_file", "timeout_seconds", "attempts", "backoff_ms",
                                   "per_minute", "allow_plain"});
            r.str(*m, pre, "host", c.host);
            r.integer(*m, pre, "port", c.port, 1, 65535);
            r.str(*m, pre, "security", c.security);
            r.str(*m, pre, "username", c.username);
            r.str(*m, pre, "password_env", c.password_env);
            r.str(*m, pre, "password_file", c.password_file);
            r.str(*m, pre, "auth", c.auth);
            r.str(*m, pre, "helo", c.helo);
            r.str(*m, pre, "ca_file", c.ca_file);
            r.integer(*m, pre, "timeout_seconds", c.timeout_seconds, 1, 3600);
            r.integer(*m, pre, "attempts", c.attempts, 1, 20);
            r.integer(*m, pre, "backoff_ms", c.backoff_ms, 0, 600000);
            r.integer(*m, pre, "per_minute", c.per_minute, 0, 100000);
            r.boolean(*m, pre, "allow_plain", c.allow_plain);
            c.password_file = resolve(base, c.password_file);
            c.ca_file = resolve(base, c.ca_file);
            if (c.security != "starttls" && c.security != "tls" && c.security != "none") {
                r.problem(m->get("security"), pre + "security",
                          "expected \"starttls\" (port 587), \"tls\" (port 465) or \"none\"");
            }
            if (c.auth != "" && c.auth != "PLAIN" && c.auth != "LOGIN") {
                r.problem(m->get("auth"), pre + "auth", "expected \"PLAIN\", \"LOGIN\" or \"\" (automatic)");
            }
        }
        if (s.channel == "smtp" && s.smtp.host.empty()) {
            r.problem(m != nullptr ? m->get("host") : d->get("channel"), "delivery.smtp.host",
                      "missing: the mail server to send through, e.g. host = \"smtp.example.fr\"");
        }
    }
    s.outbox_dir = resolve(base, s.outbox_dir);

    if (const auto* t = r.table(root, "", "templates")) {
        r.known_keys(*t, "templates.", {"dir"});
        r.str(*t, "templates.", "dir", s.templates_dir);
        s.templates_dir = resolve(base, s.templates_dir);
        if (!s.templates_dir.empty() && !fs::is_directory(s.templates_dir)) {
            r.problem(t->get("dir"), "templates.dir", "folder '" + s.templates_dir + "' does not exist");
        }
    }

    if (const toml::node* sn = root.get("sources")) {
        const toml::array* arr = sn->as_array();
        if (arr == nullptr || !arr->is_array_of_tables()) {
            r.problem(sn, "sources", "expected [[sources]] sections");
        } else {
            std::set<std::string> names;
            int n = 0;
            for (const auto& e : *arr) {
                const toml::table& t = *e.as_table();
                const std::string prefix = "sources[" + std::to_string(n++) + "].";
                SourceSettings src;
                r.str(t, prefix, "type", src.type);
                if (const SourceTypeInfo* tool = find_source_type(src.type)) {
                    read_tool_source(r, t, prefix, base, *tool, src);
                } else {
                    r.known_keys(t, prefix, {"name", "type", "path", "preset", "delimiter", "decimal",
                                             "date_format", "encoding", "currency", "columns"});
                    r.str(t, prefix, "name", src.name);
                    r.str(t, prefix, "path", src.path);
                    if (src.type != "csv") {
                        r.problem(t.get("type"), prefix + "type", "expected " + std::string(source_type_list()));
                    }
                    if (src.path.empty()) r.problem(&t, prefix + "path", "missing (the CSV file to read)");
                    src.path = resolve(base, src.path);
                }
                if (!names.insert(src.name).second) {
                    r.problem(t.get("name"), prefix + "name", "'" + src.name + "' is used by two sources");
                }
                for (const char* k : {"preset", "delimiter", "decimal", "date_format", "encoding", "currency"}) {
                    std::string v;
                    r.str(t, prefix, k, v);
                    if (!v.empty()) src.options[k] = v;
                }
                if (const auto* cols = r.table(t, prefix, "columns")) {
                    for (const auto& [k, v] : *cols) {
                        if (auto header = v.value<std::string>()) {
                            src.columns[std::string(k.str())] = *header;
                        } else {
                            r.problem(&v, prefix + "columns." + std::string(k.str()), "expected the column's header text");
                        }
                    }
                }
                s.sources.push_back(std::move(src));
            }
        }
    }

    if (const auto* pen = r.table(root, "", "penalties")) read_penalties(r, *pen, base, s.penalties);
    if (const auto* l = r.table(root, "", "letters")) read_letters(r, *l, s.letters);
    s.letters.dir = resolve(base, s.letters.dir);
    s.letters.collection_dir = resolve(base, s.letters.collection_dir);
    s.letters.creditor.name = s.company.name;
    s.letters.creditor.email = s.company.email;
    s.letters.creditor.phone = s.company.phone;

    if (const auto* w = r.table(root, "", "web")) {
        const std::string p = "web.";
        r.known_keys(*w, p, {"bind", "port", "base_url", "token_env", "token_file", "users", "threads"});
        r.str(*w, p, "bind", s.web.bind);
        r.integer(*w, p, "port", s.web.port, 0, 65535);
        r.str(*w, p, "base_url", s.web.base_url);
        r.str(*w, p, "token_env", s.web.token_env);
        r.str(*w, p, "token_file", s.web.token_file);
        r.integer(*w, p, "threads", s.web.threads, 2, 256);
        s.web.token_file = resolve(base, s.web.token_file);
        if (!s.web.base_url.empty() && s.web.base_url.rfind("http://", 0) != 0 &&
            s.web.base_url.rfind("https://", 0) != 0) {
            r.problem(w->get("base_url"), p + "base_url", "expected an address such as \"https://relance.example.fr\"");
        }
        if (const toml::node* un = w->get("users")) {
            const toml::array* arr = un->as_array();
            if (arr == nullptr || !arr->is_array_of_tables()) {
                r.problem(un, p + "users", "expected [[web.users]] sections with name and password_hash");
            } else {
                int n = 0;
                for (const auto& e : *arr) {
                    const toml::table& t = *e.as_table();
                    const std::string prefix = p + "users[" + std::to_string(n++) + "].";
                    WebUser u;
                    r.known_keys(t, prefix, {"name", "password_hash"});
                    r.str(t, prefix, "name", u.name);
                    r.str(t, prefix, "password_hash", u.password_hash);
                    if (u.name.empty()) r.problem(&t, prefix + "name", "missing (the name to sign in with)");
                    if (u.password_hash.rfind("$argon2id$", 0) != 0) {
                        r.problem(t.get("password_hash") ? t.get("password_hash") : &t, prefix + "password_hash",
                                  "expected an Argon2id hash written by `relance hash-password`, never the password");
                    }
                    s.web.users.push_back(std::move(u));
                }
            }
        }
    }

    read_alerts(r, r.table(root, "", "alerts"), r.table(root, "", "tasks"), base, s);

    if (!r.problems().empty()) {
        std::string msg = "the config has " + std::to_string(r.problems().size()) + " problem(s):";
        for (const auto& p : r.problems()) msg += "\n  " + p;
        return fail(ErrorCode::InvalidInput, msg);
    }
    return s;
}

void apply_store_environment(Settings& s) {
    // RELANCE_STORE wins over the file: a URL selects PostgreSQL, anything else is a SQLite path.
    const char* env = std::getenv("RELANCE_STORE");
    if (env == nullptr || *env == '\0') return;
    if (is_postgres_url(env)) {
        s.store_url = env;
    } else {
        s.store_url.clear();
        s.store_path = env;
    }
}

}  // namespace relance
