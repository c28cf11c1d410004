// SPDX-License-Identifier: MIT
#include "adapters/sources/airtable/airtable_mapper.h"

#include "adapters/sources/api/json_payload.h"

namespace relance::airtable {
namespace {

using api::Json;

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A cell: text and numbers as they are, lists joined with ';' (attachments: their url).
std::string cell_text(const Json* v) {
    if (v == nullptr) return {};
    if (v->is_array()) {
        std::string out;
        for (const Json& e : *v) {
            const std::string one = e.is_object() ? api::text(e, "url") : api::text_of(&e);
            if (one.empty()) continue;
            out += (out.empty() ? "" : ";") + one;
        }
        return out;
    }
    if (v->is_object()) return api::text(*v, "url");
    return api::text_of(v);
}

std::string header_line() {
    std::string line;
    for (const std::string& f : logical_fields()) line += (line.empty() ? "" : ",") + f;
    return line + "\r\n";
}

void add_record(const Json& record, const std::map<std::string, std::string>& fields, RecordsCsv& out) {
    const Json* values = api::member(record, "fields");
    std::string line;
    std::string number;
    bool first = true;
    for (const std::string& f : logical_fields()) {
        const auto it = fields.find(f);
        const std::string name = it == fields.end() ? f : it->second;
        const std::string text = values != nullptr ? cell_text(api::member(*values, name)) : std::string();
        if (f == "invoice_number") number = text;
        line += (first ? "" : ",") + quoted(text);
        first = false;
    }
    out.csv += line + "\r\n";
    if (!number.empty()) out.record_ids[number] = api::text(record, "id");
}

}  // namespace

const std::vector<std::string>& logical_fields() {
    static const std::vector<std::string> kFields = {
        "invoice_number", "customer_id", "customer_name", "customer_email", "issue_date", "due_date",
        "currency",       "total",       "paid",          "balance",        "status",     "payment_link",
        "pdf_url",        "language",    "tags",          "customer_type"};
    return kFields;
}

Result<RecordsCsv> records_to_csv(std::string_view body, const std::map<std::string, std::string>& fields) {
    auto j = api::parse_payload(body, "records");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("records", [&]() -> Result<RecordsCsv> {
        const Json* records = api::array(*j, "records");
        if (records == nullptr) return fail(ErrorCode::InvalidInput, "no 'records' list in the answer");
        RecordsCsv out;
        out.csv = header_line();
        for (const Json& r : *records) add_record(r, fields, out);
        out.offset = api::text(*j, "offset");
        return out;
    });
}

Result<RecordsCsv> record_to_csv(std::string_view body, const std::map<std::string, std::string>& fields) {
    auto j = api::parse_payload(body, "record");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("record", [&]() -> Result<RecordsCsv> {
        if (api::member(*j, "id") == nullptr) return fail(ErrorCode::InvalidInput, "no record in the answer");
        RecordsCsv out;
        out.csv = header_line();
        add_record(*j, fields, out);
        return out;
    });
}

}  // namespace relance::airtable
