# SPDX-License-Identifier: MIT
# Rate table tests (included by tests/CMakeLists.txt): the rates.csv reader (relance::rates) and
# the table compiled into the program from data/rates.csv.
add_executable(rates_tests unit/adapters/rates_test.cpp)
target_link_libraries(rates_tests PRIVATE relance::rates relance::testing GTest::gtest_main relance::warnings)
gtest_discover_tests(rates_tests TEST_PREFIX "rates." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
