// SPDX-License-Identifier: MIT
// One daily pass of a test company over an invoicing-API source that talks to a fresh
// tests/tools/http_stub.py: the stub answers `routes`, `make(stub, http, time)` builds the
// source, and the stub is kept (with its log of requests) for the test to look at.
#pragma once

#include <memory>
#include <optional>

#include "testing/api_stub.h"
#include "testing/company.h"

namespace relance::test {

struct StubbedPass {
    std::unique_ptr<HttpStub> stub;
    std::optional<PassSummary> summary;  // none: the stub did not start
};

/// Runs `c`'s pass on `day`; the stub works in `dir`.
template <class Make>
StubbedPass pass_with_stub(Company& c, const Sandbox& dir, const nlohmann::json& routes, Date day, Make&& make) {
    StubbedPass out;
    out.stub = std::make_unique<HttpStub>(dir.path(), routes.dump());
    if (!out.stub->ok()) return out;
    CurlTransport http;
    FakeTime time;
    auto source = make(*out.stub, http, time);
    out.summary = c.run_sources({&source}, day);
    return out;
}

}  // namespace relance::test
