// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/migrations.h"

#include <array>

namespace relance::sqlite {
namespace {

// Conventions: STRICT tables, so a money column can only hold an INTEGER (never REAL); money is
// <name>_minor INTEGER + currency TEXT (ISO 4217); civil dates are TEXT 'YYYY-MM-DD'; instants
// are TEXT 'YYYY-MM-DDTHH:MM:SSZ' in UTC; string lists are JSON arrays of strings.
// CHECKs list allowed words with OR, not IN (...): SQLite builds a temporary table for an IN list
// each time a statement runs, which tripled the cost of writing an invoice.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE customers (
    source   TEXT NOT NULL,
    id       TEXT NOT NULL,
    name     TEXT NOT NULL DEFAULT '',
    emails   TEXT NOT NULL DEFAULT '[]',
    language TEXT NOT NULL DEFAULT '',
    tags     TEXT NOT NULL DEFAULT '[]',
    type     TEXT NOT NULL DEFAULT 'b2b' CHECK (type = 'b2b' OR type = 'b2c'),
    PRIMARY KEY (source, id)
) STRICT, WITHOUT ROWID;

-- One row per apply_listing: what a source's listing changed. The latest row of a source also
-- gives the run that last listed its invoices (see invoices.last_seen_run).
CREATE TABLE syncs (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    run_id    INTEGER NOT NULL,
    day       TEXT NOT NULL,
    complete  INTEGER NOT NULL,
    listed    INTEGER NOT NULL DEFAULT 0,
    rejected  INTEGER NOT NULL DEFAULT 0,
    inserted  INTEGER NOT NULL DEFAULT 0,
    updated   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    resolved  INTEGER NOT NULL DEFAULT 0,
    reopened  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX syncs_by_source ON syncs (source, id);

CREATE TABLE invoices (
    source              TEXT NOT NULL,
    number              TEXT NOT NULL,
    customer_id         TEXT NOT NULL,
    issue_date          TEXT,
    due_date            TEXT,
    currency            TEXT NOT NULL CHECK (length(currency) = 3),
    total_minor         INTEGER NOT NULL,
    paid_minor          INTEGER NOT NULL DEFAULT 0,
    credited_minor      INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL CHECK (status = 'open' OR status = 'paid' OR
                                             status = 'void' OR status = 'uncollectible' OR
                                             status = 'credited' OR status = 'disputed' OR
                                             status = 'draft'),
    payment_link        TEXT NOT NULL DEFAULT '',
    pdf_url             TEXT NOT NULL DEFAULT '',
    first_seen_on       TEXT NOT NULL,
    -- The run whose listing last contained it. NULL: the latest listing of its source did, i.e.
    -- the run_id of the source's latest syncs row. An unchanged invoice then costs no write.
    last_seen_run       INTEGER,
    resolved_on         TEXT,  -- NULL: open (dunned by the planner)
    resolution          TEXT CHECK (resolution = 'paid' OR resolution = 'void' OR
                                    resolution = 'credited' OR resolution = 'uncollectible' OR
                                    resolution = 'disappeared'),
    level_at_resolution INTEGER,
    PRIMARY KEY (source, number),
    CHECK ((resolved_on IS NULL) = (resolution IS NULL))
) STRICT, WITHOUT ROWID;

CREATE INDEX invoices_open_by_customer ON invoices (source, customer_id) WHERE resolved_on IS NULL;

CREATE TABLE holds (
    id     INTEGER PRIMARY KEY,
    scope  TEXT NOT NULL CHECK (scope = 'customer' OR scope = 'invoice'),
    source TEXT NOT NULL,
    "key"  TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    since  TEXT,
    until  TEXT,  -- last held day, inclusive; NULL: until lifted
    UNIQUE (scope, source, "key")
) STRICT;

-- The outbox: one row per (invoice, level, channel), ever.
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    level          INTEGER NOT NULL CHECK (level >= 0),
    channel        TEXT NOT NULL,
    message_id     TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR
                                        state = 'sent' OR state = 'failed' OR
                                        state = 'uncertain'),
    planned_on     TEXT NOT NULL,
    run_id         INTEGER NOT NULL,
    recipient      TEXT NOT NULL DEFAULT '',
    subject        TEXT NOT NULL DEFAULT '',
    amount_minor   INTEGER NOT NULL,
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    detail         TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    UNIQUE (source, invoice_number, level, channel),
    FOREIGN KEY (source, invoice_number) REFERENCES invoices (source, number)
) STRICT;

CREATE INDEX reminders_unfinished ON reminders (id) WHERE state = 'planned' OR state = 'sending';

-- Dunning history per invoice, kept by the triggers below: the highest level and the latest
-- planned_on of its reminders that did not fail. Derived data, stored so that loading the open
-- book is two sequential scans instead of an aggregate over every reminder ever sent; narrow, so
-- that a claim dirties a small page rather than the invoice's.
CREATE TABLE invoice_history (
    source       TEXT NOT NULL,
    number       TEXT NOT NULL,
    last_level   INTEGER NOT NULL,
    last_contact TEXT,
    PRIMARY KEY (source, number)
) STRICT, WITHOUT ROWID;

-- A new reminder can only raise the history: merge it in without re-reading the others.
CREATE TRIGGER reminders_history_insert AFTER INSERT ON reminders WHEN NEW.state <> 'failed'
BEGIN
    INSERT INTO invoice_history (source, number, last_level, last_contact)
    VALUES (NEW.source, NEW.invoice_number, NEW.level, NEW.planned_on)
    ON CONFLICT (source, number) DO UPDATE SET
        last_level = max(last_level, excluded.last_level),
        last_contact = CASE WHEN last_contact IS NULL OR last_contact < excluded.last_contact
                            THEN excluded.last_contact ELSE last_contact END;
END;

-- A reminder that fails (or comes back from failed, or moves) may lower it: recompute.
CREATE TRIGGER reminders_history_update AFTER UPDATE OF state, planned_on, level ON reminders
WHEN (OLD.state = 'failed') <> (NEW.state = 'failed') OR OLD.planned_on <> NEW.planned_on
     OR OLD.level <> NEW.level
BEGIN
    INSERT OR REPLACE INTO invoice_history (source, number, last_level, last_contact)
    SELECT NEW.source, NEW.invoice_number, coalesce(max(level), 0), max(planned_on)
    FROM reminders
    WHERE source = NEW.source AND invoice_number = NEW.invoice_number AND state <> 'failed';
END;

CREATE TRIGGER reminders_history_delete AFTER DELETE ON reminders
BEGIN
    INSERT OR REPLACE INTO invoice_history (source, number, last_level, last_contact)
    SELECT OLD.source, OLD.invoice_number, coalesce(max(level), 0), max(planned_on)
    FROM reminders
    WHERE source = OLD.source AND invoice_number = OLD.invoice_number AND state <> 'failed';
END;

CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    run_date     TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL DEFAULT 'running',
    summary_json TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE daily_snapshots (
    day          TEXT NOT NULL,
    level        INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    count        INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    PRIMARY KEY (day, level, currency)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
) STRICT;
)sql";

// Version 2: the 'rejected' state (refused for good, e.g. SMTP 5xx; kept until a person retries
// it). SQLite cannot change a CHECK in place, so the table is rebuilt; like 'failed', a rejected
// reminder does not count in the dunning history (the customer never received it).
constexpr std::string_view kRejectedState = R"sql(
CREATE TABLE reminders_v2 (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    level          INTEGER NOT NULL CHECK (level >= 0),
    channel        TEXT NOT NULL,
    message_id     TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR
                                        state = 'sent' OR state = 'failed' OR
                                        state = 'uncertain' OR state = 'rejected'),
    planned_on     TEXT NOT NULL,
    run_id         INTEGER NOT NULL,
    recipient      TEXT NOT NULL DEFAULT '',
    subject        TEXT NOT NULL DEFAULT '',
    amount_minor   INTEGER NOT NULL,
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    detail         TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    UNIQUE (source, invoice_number, level, channel),
    FOREIGN KEY (source, invoice_number) REFERENCES invoices (source, number)
) STRICT;
INSERT INTO reminders_v2 SELECT * FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_v2 RENAME TO reminders;

CREATE INDEX reminders_unfinished ON reminders (id) WHERE state = 'planned' OR state = 'sending';
CREATE INDEX reminders_to_settle ON reminders (id)
    WHERE state = 'failed' OR state = 'uncertain' OR state = 'rejected';

CREATE TRIGGER reminders_history_insert AFTER INSERT ON reminders
WHEN NEW.state <> 'failed' AND NEW.state <> 'rejected'
BEGIN
    INSERT INTO invoice_history (source, number, last_level, last_contact)
    VALUES (NEW.source, NEW.invoice_number, NEW.level, NEW.planned_on)
    ON CONFLICT (source, number) DO UPDATE SET
        last_level = max(last_level, excluded.last_level),
        last_contact = CASE WHEN last_contact IS NULL OR last_contact < excluded.last_contact
                            THEN excluded.last_contact ELSE last_contact END;
END;

CREATE TRIGGER reminders_history_update AFTER UPDATE OF state, planned_on, level ON reminders
WHEN (OLD.state = 'failed' OR OLD.state = 'rejected') <> (NEW.state = 'failed' OR NEW.state = 'rejected')
     OR OLD.planned_on <> NEW.planned_on OR OLD.level <> NEW.level
BEGIN
    INSERT OR REPLACE INTO invoice_history (source, number, last_level, last_contact)
    SELECT NEW.source, NEW.invoice_number, coalesce(max(level), 0), max(planned_on)
    FROM reminders
    WHERE source = NEW.source AND invoice_number = NEW.invoice_number
      AND state <> 'failed' AND state <> 'rejected';
END;

CREATE TRIGGER reminders_history_delete AFTER DELETE ON reminders
BEGIN
    INSERT OR REPLACE INTO invoice_history (source, number, last_level, last_contact)
    SELECT OLD.source, OLD.invoice_number, coalesce(max(level), 0), max(planned_on)
    FROM reminders
    WHERE source = OLD.source AND invoice_number = OLD.invoice_number
      AND state <> 'failed' AND state <> 'rejected';
END;
)sql";

// Version 3: what daemons share: leases (the pass lock) and small persisted values.
constexpr std::string_view kDaemonState = R"sql(
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at TEXT NOT NULL  -- UTC instant; an expired lease is free
) STRICT, WITHOUT ROWID;

CREATE TABLE settings_kv (
    "key"  TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Version 4: the invoicing tool's own id of an invoice (Stripe "in_…", a Xero GUID), when it is
// not its number: an API source reads an invoice that left its unpaid listing again by this id
// before the store records it as resolved. '' = the number is the id (CSV exports).
constexpr std::string_view kRemoteIds = R"sql(
ALTER TABLE invoices ADD COLUMN remote_id TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: internal alerts (unique kind x subject x occurrence: raised once, again only when it
// got worse or after the reminder period), follow-up tasks (unique kind x subject) and the outbox
// of their deliveries to Slack, e-mail, Notion, Airtable or a webhook (unique type x notice x
// channel, with the reminders' states). Queries: alert_store.cpp.
constexpr std::string_view kAlertsAndTasks = R"sql(
CREATE TABLE alerts (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    occurrence     INTEGER NOT NULL CHECK (occurrence >= 1),
    why            TEXT NOT NULL CHECK (why = 'new' OR why = 'worse' OR why = 'reminder'),
    raised_on      TEXT NOT NULL,
    run_id         INTEGER NOT NULL DEFAULT 0,
    title          TEXT NOT NULL,
    reason         TEXT NOT NULL,
    level          INTEGER NOT NULL DEFAULT 0,
    amount_minor   INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    total_minor    INTEGER NOT NULL DEFAULT 0,
    remindable     INTEGER NOT NULL DEFAULT 1,
    source         TEXT NOT NULL DEFAULT '',
    invoice_number TEXT NOT NULL DEFAULT '',
    customer_id    TEXT NOT NULL DEFAULT '',
    customer_name  TEXT NOT NULL DEFAULT '',
    due_date       TEXT,
    days_late      INTEGER NOT NULL DEFAULT 0,
    payment_link   TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, subject, occurrence)
) STRICT;

CREATE TABLE tasks (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind = 'call' OR kind = 'letter' OR kind = 'find_email' OR
                                        kind = 'fix_email' OR kind = 'settle'),
    subject        TEXT NOT NULL,
    title          TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    invoice_number TEXT NOT NULL DEFAULT '',
    customer_id    TEXT NOT NULL DEFAULT '',
    customer_name  TEXT NOT NULL DEFAULT '',
    amount_minor   INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    due_date       TEXT,
    level          INTEGER NOT NULL DEFAULT 0,
    created_on     TEXT NOT NULL,
    run_id         INTEGER NOT NULL DEFAULT 0,
    done_on        TEXT,  -- NULL: open
    note           TEXT NOT NULL DEFAULT '',
    actor          TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, subject)
) STRICT;

CREATE INDEX tasks_open ON tasks (id) WHERE done_on IS NULL;

CREATE TABLE notice_deliveries (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL CHECK (type = 'alert' OR type = 'task'),
    notice_id   INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state = 'planned' OR state = 'sending' OR state = 'sent' OR
                                     state = 'failed' OR state = 'uncertain' OR state = 'rejected'),
    planned_on  TEXT NOT NULL,
    run_id      INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    detail      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    UNIQUE (type, notice_id, channel)
) STRICT;

CREATE INDEX notice_deliveries_by_state ON notice_deliveries (state, id);
)sql";

// Version 6: formal-notice letters and the collection hand-off (dossier_store.cpp): the
// customers' postal address (JSON list of lines) and SIREN for the letters' recipient block, and
// the invoices handed to collection (no automatic message any more).
constexpr std::string_view kLettersAndCollection = R"sql(
CREATE TABLE customer_postal (
    source  TEXT NOT NULL,
    id      TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '[]',
    siren   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE collection (
    source         TEXT NOT NULL,
    invoice_number TEXT NOT NULL,
    since          TEXT NOT NULL,  -- company date of the hand-off
    level          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, invoice_number)
) STRICT, WITHOUT ROWID;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "initial schema", kInitialSchema},
    Migration{2, "rejected reminders", kRejectedState},
    Migration{3, "daemon leases and values", kDaemonState},
    Migration{4, "invoice ids of the invoicing tools", kRemoteIds},
    Migration{5, "alerts and tasks", kAlertsAndTasks},
    Migration{6, "letters and collection", kLettersAndCollection},
};

}  // namespace

std::span<const Migration> migrations() {
    return kMigrations;
}

int latest_schema_version() {
    return kMigrations.back().version;
}

}  // namespace relance::sqlite
