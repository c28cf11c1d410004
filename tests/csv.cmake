# SPDX-License-Identifier: MIT
# CSV invoice source tests (included by tests/CMakeLists.txt).
add_executable(csv_tests
  unit/adapters/csv_test.cpp
  unit/adapters/csv_presets_test.cpp)
target_link_libraries(csv_tests PRIVATE relance::csv GTest::gtest_main relance::warnings)
target_compile_definitions(csv_tests PRIVATE RELANCE_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures")
gtest_discover_tests(csv_tests TEST_PREFIX "csv." PROPERTIES LABELS "unit" ENVIRONMENT "${RELANCE_TEST_ENV}")
