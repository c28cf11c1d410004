// SPDX-License-Identifier: MIT
// The commented config file written by `relance init`. Every key is shown with its default.
#include "app/config/settings.h"

namespace relance {

std::string default_config_toml() {
    return R"TOML(# relance configuration — written by `relance init`.
# Every key below shows its default value; delete what you do not need.
# Paths are relative to the folder of this file. Syntax: https://toml.io

[company]
name = "Mon Entreprise"                 # shown in every message and as the sender's name
email = "relances@entreprise.example"   # From: address of the reminders
reply_to = ""                           # where customers' answers go (empty = the From address)
phone = ""                              # offered to customers who need help
language = "fr"                         # "fr" or "en": used when a customer has no language
timezone = "Europe/Paris"               # IANA zone: "today" and days late are counted in it
bcc = []                                # archive copies, e.g. ["archives@entreprise.example"]
# Who the formal-notice letters come from (rules of a mise en demeure: legal name, legal form,
# SIREN, address, a contact person) and how to pay. Replace these examples with your own.
legal_form = "SAS"                      # SARL, SAS, EURL, EI ...
capital = "10 000 €"                    # share capital as printed on your invoices ("" = none)
siren = "732 829 320"                   # 9 digits; checked
rcs = "RCS Paris"                       # registry ("" = none)
vat_number = ""                         # intra-EU VAT number, e.g. "FR40732829320"
address = ["12 rue de l'Exemple", "75011 Paris"]  # one line each, at most 6
city = "Paris"                          # place of the letters: "Paris, le 3 décembre 2026"
contact = ""                            # the person customers may call about a claim
iban = "FR76 3000 6000 0112 3456 7890 189"  # on the letters; checked
bic = ""                                # e.g. "AGRIFRPP"
bank = ""                               # bank name ("" = none)

[policy]
min_gap_days = 7          # at least this many days between two reminders of one invoice
allow_skip = false        # true: jump straight to the highest level due (default: one at a time)
group_by_customer = false # true: one message per customer, day and level listing its invoices due
hold_tags = ["negotiation", "négociation", "pause"]  # customers with one of these tags are paused
collection_after_days = 15  # days after the last level before an invoice goes to collection (no more
                            # automatic reminders; `relance collection export`); -1 = never

# The escalation levels, in order. A level is due `after_days` days after the due date,
# once the previous level was sent and min_gap_days have passed.
[[levels]]
after_days = 7
name = "Rappel courtois"

[[levels]]
after_days = 15
name = "Rappel ferme"
mention_penalties = true  # the message gives the late-payment penalty figures (see [penalties])

[[levels]]
after_days = 30
name = "Relance formelle"
# cc = ["commercial@entreprise.example"]  # copies of this level's messages (account manager)
# bcc = ["archives@entreprise.example"]   # hidden copies (archive), on top of company.bcc
mention_penalties = true
internal_alert = true     # the team is alerted to decide what comes next

[[levels]]
after_days = 45
name = "Mise en demeure"
mention_penalties = true
internal_alert = true
formal_notice = true      # formal notice; next step: a collection agency
claim_penalties = true    # the message claims the penalties: the sum demanded includes them

# The formal notice (levels with formal_notice = true) as a registered letter: an A4 PDF in `dir`,
# attached to the e-mail, and listed by `relance letters` as a letter to post. Its words are in
# templates/<lang>/letter.*.mustache. The customer's postal address comes from the `adresse`
# column of the invoice file (lines separated by line breaks or "|"), the SIREN from `siren`.
[letters]
enabled = true            # false: no letter, the formal notice goes by e-mail only
dir = "letters"           # where the PDFs are written
deadline_days = 8         # days from receipt to pay (customary, not a legal rule)
attach = true             # attach the PDF to the formal-notice e-mail
signatory = "Prénom Nom"  # a person authorised to sign for the company
signatory_title = "Gérant"
collection_dir = "collection"  # where `relance collection export` writes the dossiers

# Late-payment penalties, computed for each invoice on the day of the message and given to the
# templates ({{penalites}}, {{indemnite}}, {{total_reclame}}, {{taux_penalites}}) at the levels
# with mention_penalties or claim_penalties. `relance penalties INVOICE` shows the computation.
# French law by default (Code de commerce L441-10 II): ECB rate + 10 points, simple interest per
# day from the day after the due date, the rate of each half-year, 40 € per invoice between
# businesses; consumers owe the legal rate from the formal notice on, and no indemnity.
[penalties]
jurisdiction = "FR"       # FR, DE (§ 288 BGB), UK (Late Payment Act 1998) or EU (Directive 2011/7/EU)
rate = "statutory"        # the law's rate, "3x_legal" (3 x the French legal rate) or a contractual
                          # rate in percent such as "12.00" (checked against the legal floor)
half_year = "per_half_year"  # or "fixed_at_start": the rate of the half-year the delay began in
day_count = "365"         # or "actual" (366 in leap years)
creditor = "business"     # or "individual": picks the French legal rate for consumer debts
rate_table = ""           # an updated copy of the rate table (rates.csv) that replaces the
                          # built-in one; empty = the table shipped with relance
# [penalties.customer_rates]  # the contractual rate of some customers, by customer id
# "C-004" = "3x_legal"

# When `relance serve` runs the daily pass (a cron line calling `relance run` works too).
[schedule]
time = "09:00"            # every day at this local time (company.timezone) ...
cron = ""                 # ... or a cron expression instead, e.g. "30 8 * * 1-5"
weekends = "run"          # run, skip, or shift (to the next business day)
holidays = "run"          # French public holidays: run, skip, or shift

[store]
path = "relance.db"       # SQLite file holding invoices, reminders sent, holds and runs
# PostgreSQL instead of the file (several daemons, or one store per tenant): a URL here, or in
# the environment variable RELANCE_STORE (which wins). Run `relance migrate` once first, and
# again after each upgrade: relance never migrates a PostgreSQL store by itself.
# url = "postgresql://relance@db.example:5432/relance"
# Keep the password out of the URL: PGPASSWORD, ~/.pgpass, or the variable named here.
# password_env = "RELANCE_PG_PASSWORD"

[delivery]
channel = "outbox"        # each reminder is written as an e-mail file (.eml) in outbox_dir;
                          # "smtp": sent through the mail server of [delivery.smtp] below
outbox_dir = "outbox"

# The company's mail server, used when channel = "smtp". The password is never written here:
# it is read from the environment variable password_env, or from password_file (chmod 600).
[delivery.smtp]
host = ""                 # e.g. "smtp.gmail.com", "smtp.office365.com", "ssl0.ovh.net"
port = 587                # 587 with security "starttls", 465 with "tls"
security = "starttls"     # starttls (required for any host but this machine), tls, or none
username = ""             # empty: no login
password_env = "RELANCE_SMTP_PASSWORD"
password_file = ""        # instead of password_env: a file holding only the password, mode 0600
auth = ""                 # "" (automatic), "PLAIN" or "LOGIN"
timeout_seconds = 60      # for one message
attempts = 3              # tries per message on a temporary error (4xx, dropped connection)
backoff_ms = 2000         # wait before the 2nd try, doubled each time
per_minute = 0            # rate limit (0 = none), if your provider has one

[templates]
dir = "templates"         # your message templates (fr/ and en/); remove this section to use the built-in ones

# Where the unpaid invoices come from. The native layout needs no mapping (see README):
# invoice_number, customer_id, customer_name, customer_email, issue_date, due_date, currency,
# total, paid, status, payment_link, language, tags, customer_type (French names work too).
[[sources]]
name = "csv"
type = "csv"
path = "factures.csv"
# preset = "native"       # or zoho_books, freshbooks, invoice_ninja, wave, invoice2go, ibm_ar
# delimiter = ";"         # default: detected from the header line
# decimal = ","           # default: detected from the amounts ("," or ".")
# date_format = "dmy"     # iso, dmy (31/12/2026) or mdy (12/31/2026); default: detected, never guessed
# encoding = "auto"       # auto, utf-8 or windows-1252
# currency = "EUR"        # when the file has no currency column
# [sources.columns]       # your own headers for the native fields, e.g.:
# invoice_number = "N° facture"
# total = "Montant TTC"

# Or read them straight from your invoicing tool: one [[sources]] each (the README says what to
# create in each tool). Keys and tokens never go in this file: a file of mode 0600, or the
# environment. `relance sources test` shows what a source sees, without writing anything.
# [[sources]]
# name = "stripe"
# type = "stripe"         # stripe, pennylane, sellsy, quickbooks, xero, zoho, freshbooks,
#                         # sheets, airtable or axonaut
# api_key_file = "stripe.key"   # or api_key_env = "RELANCE_STRIPE_API_KEY"
# budget_seconds = 300    # the most one reading may take, waits for the tool's limits included
# freshness_hours = 0     # when a reading fails, data read within this many hours still counts

# Internal alerts: the team hears once (not every day) about what needs a person, again only when
# it gets worse (a higher level, a higher amount) or after remind_after_days. `relance alerts`
# lists them; `relance alerts check` (cron, hourly) raises "the daily pass did not run or failed".
[alerts]
amount_threshold = "5000" # alert on an overdue invoice above this amount ...
currency = "EUR"          # ... in this currency
level = 3                 # alert when an invoice reaches this level (0 = off)
vip_tags = ["vip"]        # customers with one of these tags always raise an alert
first_invoice = true      # alert on a new customer's first overdue invoice
exclude_tags = []         # customers the four rules above skip, e.g. ["manual-pay"]
missed_run_hours = 26     # alert when no daily pass finished for this long (0 = off)
failed_run = true         # alert when a pass could not read a source, or never finished
remind_after_days = 30    # raise an alert again while it lasts (0 = only when it gets worse)
digest = false            # true: one message per channel and pass listing every alert
dashboard_url = ""        # links in the messages to the dashboard; "" = [web] base_url
channels = []             # where alerts go: "slack", "email", "notion", "airtable", "webhook"

# Rules of your own, on invoice or customer fields (amount_due, total, paid, days_late, level,
# invoice_number, customer_id, customer_name, customer_type, language, status, currency, source,
# tags, email) with = != < <= > >= contains, and include/exclude tags:
# [[alerts.rules]]
# name = "Gros retard hors négociation"
# when = ["amount_due >= 2000", "days_late > 20"]
# exclude_tags = ["negotiation", "manual-pay"]

# Secrets are never written here: each is read from an environment variable (*_env) or from a
# file that only its owner can read (*_file, chmod 600).
[alerts.slack]            # an incoming webhook of the channel (e.g. #finance-alertes)
webhook_url_env = "RELANCE_SLACK_WEBHOOK_URL"

[alerts.email]            # through [delivery] (SMTP, or files in outbox_dir below)
to = []                   # the finance manager, e.g. ["compta@entreprise.example"]
outbox_dir = "internal"   # with channel = "outbox": where the alert e-mails are written

# [alerts.notion]         # one page per alert or task in a database shared with the integration
# token_env = "RELANCE_NOTION_TOKEN"
# database_id = ""
# title_property = "Name"  # and status_property, status_type ("status"|"select"), status_value,
#                          # amount_property, due_date_property, assignee_property, assignee_id

# [alerts.airtable]       # one record per alert or task
# token_env = "RELANCE_AIRTABLE_TOKEN"
# base_id = ""            # appXXXXXXXXXXXXXX
# table = "Relances"      # fields: Name, Status, Amount, Due date, Assignee, Customer, Invoice, Details

# [alerts.webhook]        # a JSON POST to your own service
# url_env = "RELANCE_WEBHOOK_URL"
# token_env = ""          # optional: sent as a bearer token

# Follow-up tasks (call at level 3, registered letter at level 4, a missing or refused address,
# an uncertain message) are always listed by `relance tasks`; they can also go to:
[tasks]
channels = []             # e.g. ["notion"] or ["airtable"]
)TOML";
}

}  // namespace relance
