// SPDX-License-Identifier: MIT
#include "adapters/sources/sheets/sheets_mapper.h"

#include "adapters/sources/api/json_payload.h"

namespace relance::sheets {

Result<std::string> values_to_csv(std::string_view body) {
    auto j = api::parse_payload(body, "sheet values");
    if (!j) return unexpected(std::move(j).error());
    return api::guarded_json("sheet values", [&]() -> Result<std::string> {
        if (api::text(*j, "majorDimension") == "COLUMNS") {
            return fail(ErrorCode::InvalidInput, "the values are given by columns: ask for majorDimension=ROWS");
        }
        const api::Json* rows = api::array(*j, "values");
        if (rows == nullptr) return fail(ErrorCode::InvalidInput, "the range holds no values (is it the right sheet and range?)");
        std::string csv;
        for (const api::Json& row : *rows) {
            bool first = true;
            for (const api::Json& cell : row) {
                if (!first) csv += ',';
                first = false;
                csv += '"';
                for (char c : api::text_of(&cell)) {
                    if (c == '"') csv += '"';
                    csv += c;
                }
                csv += '"';
            }
            csv += "\r\n";
        }
        return csv;
    });
}

}  // namespace relance::sheets
