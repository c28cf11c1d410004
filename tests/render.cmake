# SPDX-License-Identifier: MIT
# render_tests: locale formats, mustache templates (relance::render) and .eml composition plus the
# file outbox (relance::outbox). The .eml files are checked with an independent MIME parser,
# Python's `email` package (tests/tools/parse_eml.py); without python3 those tests are skipped.
# The system interpreter first (Debian's /usr/bin/python3), then whatever PATH offers.
find_program(RELANCE_PYTHON3 NAMES python3 HINTS /usr/bin)
if(NOT RELANCE_PYTHON3)
  set(RELANCE_PYTHON3 "")
endif()

add_executable(render_tests
  unit/adapters/locale_format_test.cpp
  unit/adapters/render_test.cpp
  unit/adapters/outbox_test.cpp)
target_link_libraries(render_tests PRIVATE relance::render relance::outbox GTest::gtest_main
                                           relance::warnings)
target_compile_definitions(render_tests PRIVATE
  RELANCE_PYTHON3="${RELANCE_PYTHON3}"
  RELANCE_PARSE_EML="${CMAKE_CURRENT_SOURCE_DIR}/tools/parse_eml.py")
gtest_discover_tests(render_tests TEST_PREFIX "render." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
