# SPDX-License-Identifier: MIT
# render_tests: locale formats, mustache templates (relance::render) and .eml composition plus the
# file outbox (relance::outbox). The .eml files are checked with an independent MIME parser,
# Python's `email` package (tests/tools/parse_eml.py); without python3 those tests are skipped.
add_executable(render_tests
  unit/adapters/locale_format_test.cpp
  unit/adapters/render_test.cpp
  unit/adapters/render_penalty_test.cpp
  unit/adapters/outbox_test.cpp)
target_link_libraries(render_tests PRIVATE relance::render relance::outbox relance::testing GTest::gtest_main
                                           relance::warnings)
gtest_discover_tests(render_tests TEST_PREFIX "render." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
