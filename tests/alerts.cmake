# SPDX-License-Identifier: MIT
# Internal alerts and follow-up tasks: the rules and tasks in the core (unit); the alert store on
# a real SQLite file, each channel against tests/tools/http_stub.py on 127.0.0.1, and the daily
# pass with its alerts end to end (integration).
find_package(nlohmann_json 3.11 REQUIRED)
add_executable(alert_unit_tests unit/core/alert_rules_test.cpp)
target_link_libraries(alert_unit_tests PRIVATE relance::core GTest::gtest_main relance::warnings)
gtest_discover_tests(alert_unit_tests TEST_PREFIX "alerts." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

find_package(SQLite3 REQUIRED)  # the store test reads the file through a second, raw connection
find_package(PostgreSQL REQUIRED)  # ... and the PostgreSQL schema through its own (testing/pg.h)
add_executable(alert_tests
  integration/alert_store_test.cpp
  integration/alert_channels_test.cpp
  integration/alert_pass_test.cpp)
target_link_libraries(alert_tests PRIVATE relance::engine relance::csv relance::sqlite_store relance::postgres_store relance::render
                                          relance::outbox relance::http relance::alert_channels relance::testing
                                          SQLite::SQLite3 PostgreSQL::PostgreSQL nlohmann_json::nlohmann_json GTest::gtest_main
                                          relance::warnings)
target_compile_definitions(alert_tests PRIVATE
  RELANCE_HTTP_STUB="${CMAKE_CURRENT_SOURCE_DIR}/tools/http_stub.py")
gtest_discover_tests(alert_tests TEST_PREFIX "alerts." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
