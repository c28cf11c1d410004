# SPDX-License-Identifier: MIT
# The invoicing-API sources: pure payload mappers on the recorded payloads of tests/fixtures/<tool>/
# (unit), and each tool's client against tests/tools/http_stub.py on 127.0.0.1, alone and through
# the daily pass on a real SQLite store (integration).
find_package(nlohmann_json 3.11 REQUIRED)
set(RELANCE_SOURCE_LIBS relance::source_api relance::stripe relance::pennylane relance::sellsy relance::xero relance::quickbooks relance::zoho relance::freshbooks relance::sheets relance::airtable relance::axonaut)

add_executable(source_tests
  unit/adapters/sources/json_payload_test.cpp
  unit/adapters/sources/stripe_mapper_test.cpp
  unit/adapters/sources/pennylane_mapper_test.cpp
  unit/adapters/sources/sellsy_mapper_test.cpp
  unit/adapters/sources/xero_mapper_test.cpp
  unit/adapters/sources/quickbooks_mapper_test.cpp
  unit/adapters/sources/freshbooks_zoho_mapper_test.cpp
  unit/adapters/sources/sheets_airtable_axonaut_mapper_test.cpp
  unit/adapters/sources/variants_test.cpp)
target_link_libraries(source_tests PRIVATE ${RELANCE_SOURCE_LIBS} relance::testing GTest::gtest_main
                                           nlohmann_json::nlohmann_json relance::warnings)
gtest_discover_tests(source_tests TEST_PREFIX "sources." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

add_executable(connector_tests
  integration/sources/sync_test.cpp
  integration/sources/stripe_test.cpp
  integration/sources/pennylane_test.cpp
  integration/sources/sellsy_test.cpp
  integration/sources/xero_test.cpp
  integration/sources/quickbooks_test.cpp
  integration/sources/freshbooks_zoho_test.cpp
  integration/sources/sheets_airtable_axonaut_test.cpp)
target_link_libraries(connector_tests PRIVATE ${RELANCE_SOURCE_LIBS} relance::engine relance::csv
                                              relance::sqlite_store relance::render relance::outbox
                                              relance::testing nlohmann_json::nlohmann_json
                                              GTest::gtest_main relance::warnings)
target_compile_definitions(connector_tests PRIVATE
  RELANCE_HTTP_STUB="${CMAKE_CURRENT_SOURCE_DIR}/tools/http_stub.py")
gtest_discover_tests(connector_tests TEST_PREFIX "connectors." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

# `relance sources test` and `relance sync` of the real binary against the stub.
if(RELANCE_PYTHON3 AND TARGET relance)
  add_test(NAME e2e.sources COMMAND ${RELANCE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_sources.py)
  set_tests_properties(e2e.sources PROPERTIES LABELS "e2e" SKIP_RETURN_CODE 77
    ENVIRONMENT "RELANCE_BIN=$<TARGET_FILE:relance>;PYTHONPATH=${CMAKE_CURRENT_SOURCE_DIR}/e2e;PYTHONDONTWRITEBYTECODE=1")
endif()
