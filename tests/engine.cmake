# SPDX-License-Identifier: MIT
# The daily pass end to end on the embedded default (real CSV file, SQLite file, templates, file
# outbox), the .eml files parsed by Python's `email` package.
add_executable(engine_tests integration/daily_pass_test.cpp integration/outbox_names_test.cpp)
target_link_libraries(engine_tests PRIVATE relance::engine relance::csv relance::sqlite_store
                                           relance::render relance::outbox relance::testing
                                           GTest::gtest_main relance::warnings)
gtest_discover_tests(engine_tests TEST_PREFIX "engine." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

# The SMTP channel against a real SMTP server on 127.0.0.1 (tests/tools/smtp_sink.py, Debian's
# python3-aiosmtpd, installed by scripts/setup.sh).
add_executable(smtp_tests integration/smtp_test.cpp)
target_link_libraries(smtp_tests PRIVATE relance::engine relance::csv relance::sqlite_store
                                         relance::render relance::outbox relance::smtp
                                         relance::testing GTest::gtest_main relance::warnings)
target_compile_definitions(smtp_tests PRIVATE
  RELANCE_SMTP_SINK="${CMAKE_CURRENT_SOURCE_DIR}/tools/smtp_sink.py")
gtest_discover_tests(smtp_tests TEST_PREFIX "smtp." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
