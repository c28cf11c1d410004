// SPDX-License-Identifier: MIT
// `relance outbox`: the reminders that need a person, and settling them. An "uncertain" reminder
// may or may not have reached the customer (the link to the mail server broke after the whole
// message was sent): relance never sends it again by itself. Check the mail server's log or the
// sent folder, then `confirm` it (it arrived) or `retry` it (the next run sends it again).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "app/cli/commands.h"
#include "app/wiring/wiring.h"

namespace relance::cli {

std::string json_text(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// Who settles: $USER (or "unknown"), for the audit log.
std::string actor() {
    const char* user = std::getenv("USER");
    return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "unknown");
}

int cmd_outbox_list(const Common& common, bool all) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    auto rows = all ? (*store)->reminders(0) : (*store)->to_settle();
    if (!rows) {
        err(rows.error().describe());
        return 3;
    }
    if (common.json) {
        std::string j = "[";
        for (const ReminderRow& r : *rows) {
            j += std::string(j.size() > 1 ? "," : "") + "{\"id\":" + std::to_string(r.id) +
                 ",\"source\":" + json_text(r.source) + ",\"invoice\":" + json_text(r.invoice_number) +
                 ",\"level\":" + std::to_string(r.level) + ",\"channel\":" + json_text(r.channel) +
                 ",\"state\":" + json_text(to_string(r.state)) + ",\"planned_on\":\"" +
                 to_iso(r.planned_on) + "\",\"recipient\":" + json_text(r.recipient) +
                 ",\"message_id\":" + json_text(r.message_id) + ",\"detail\":" + json_text(r.detail) +
                 "}";
        }
        std::printf("%s]\n", j.c_str());
        return 0;
    }
    if (rows->empty()) {
        std::printf(all ? "The outbox is empty.\n"
                        : "Nothing to settle: no reminder is uncertain, rejected or failed.\n");
        return 0;
    }
    std::printf("%-6s %-10s %-16s %-5s %-10s %-30s %s\n", "id", "planned", "invoice", "level",
                "state", "recipient", "detail");
    for (const ReminderRow& r : *rows) {
        std::printf("%-6lld %-10s %-16s %-5d %-10s %-30s %s\n", static_cast<long long>(r.id),
                    to_iso(r.planned_on).c_str(), r.invoice_number.c_str(), r.level,
                    std::string(to_string(r.state)).c_str(), r.recipient.c_str(), r.detail.c_str());
    }
    if (!all) {
        std::printf(
            "\nuncertain: may have reached the customer; check the mail server's log or sent folder,\n"
            "  then `relance outbox confirm ID` (it arrived) or `relance outbox retry ID` (send again).\n"
            "rejected: refused by the server for good (wrong address?); fix the address in the\n"
            "  invoicing tool, then `relance outbox retry ID`.\n"
            "failed: not sent; the next run tries again by itself.\n");
    }
    return 0;
}

int cmd_outbox_settle(const Common& common, const std::string& action, std::int64_t id,
                      const std::string& note) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    const ReminderState to = action == "confirm" ? ReminderState::Sent : ReminderState::Failed;
    auto row = (*store)->settle(id, to, note, actor());
    if (!row) {
        err(row.error().describe());
        return row.error().code == ErrorCode::NotFound || row.error().code == ErrorCode::Conflict ? 1 : 3;
    }
    if (to == ReminderState::Sent) {
        std::printf("Reminder %lld (%s, level %d) recorded as sent.\n", static_cast<long long>(id),
                    row->invoice_number.c_str(), row->level);
    } else {
        std::printf("Reminder %lld (%s, level %d) will be sent again by the next run.\n",
                    static_cast<long long>(id), row->invoice_number.c_str(), row->level);
    }
    return 0;
}

}  // namespace relance::cli
