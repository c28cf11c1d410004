# SPDX-License-Identifier: MIT
# PostgreSQL store: the Store contract suite and the PostgreSQL-only cases on the server of
# RELANCE_TEST_PG (scripts/test.sh starts one), a fresh schema per test; skipped with the reason
# when no server answers.
find_package(PostgreSQL REQUIRED)  # the tests read the server through their own connection
add_executable(postgres_tests integration/postgres_store_test.cpp)
target_include_directories(postgres_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(postgres_tests PRIVATE relance::postgres_store relance::sqlite_store
                                             PostgreSQL::PostgreSQL GTest::gtest_main relance::warnings)
gtest_discover_tests(postgres_tests TEST_PREFIX "postgres." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
