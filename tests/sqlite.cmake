# SPDX-License-Identifier: MIT
# SQLite store: the Store contract suite (integration/store_contract.h) on real files in a temp
# dir, plus the SQLite-only cases (migrations, locks, unreadable files, codecs).
find_package(SQLite3 REQUIRED)  # the tests open a second, raw connection to the store file
add_executable(sqlite_tests integration/sqlite_store_test.cpp)
target_include_directories(sqlite_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(sqlite_tests PRIVATE relance::sqlite_store SQLite::SQLite3 GTest::gtest_main
                                           relance::warnings)
gtest_discover_tests(sqlite_tests TEST_PREFIX "sqlite." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
