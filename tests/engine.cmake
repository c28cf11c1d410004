# SPDX-License-Identifier: MIT
# The daily pass end to end on the embedded default (real CSV file, SQLite file, templates, file
# outbox), the .eml files parsed by Python's `email` package.
add_executable(engine_tests integration/daily_pass_test.cpp)
target_link_libraries(engine_tests PRIVATE relance::engine relance::csv relance::sqlite_store
                                           relance::render relance::outbox relance::testing
                                           GTest::gtest_main relance::warnings)
gtest_discover_tests(engine_tests TEST_PREFIX "engine." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
