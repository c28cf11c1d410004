# SPDX-License-Identifier: MIT
# App-level tests (included by tests/CMakeLists.txt as part "app"). The dashboard over HTTP on 127.0.0.1 (libcurl client) and in headless Chromium (playwright-core,
# installed with npm into the build folder; the browser test reports itself skipped, with a
# visible message, only when chromium or npm cannot be had).
find_package(nlohmann_json 3.11 REQUIRED)
add_executable(web_tests integration/web_test.cpp)
target_link_libraries(web_tests PRIVATE relance::app relance::http relance::sqlite_store relance::testing
                                        nlohmann_json::nlohmann_json GTest::gtest_main relance::warnings)
gtest_discover_tests(web_tests TEST_PREFIX "web." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}" DISCOVERY_TIMEOUT 30)

# The browser test: tests/browser/dashboard_test.mjs drives Debian's chromium with playwright-core
# against web_fixture (the dashboard with its actions, on a store seeded by `relance run`).
add_executable(web_fixture tools/web_fixture.cpp)
target_link_libraries(web_fixture PRIVATE relance::app relance::warnings)
find_program(RELANCE_NODE node)
if(RELANCE_NODE AND RELANCE_PYTHON3 AND TARGET relance)
  add_test(NAME browser.dashboard
           COMMAND ${RELANCE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/dashboard_test.mjs)
  set_tests_properties(browser.dashboard PROPERTIES LABELS "e2e" SKIP_RETURN_CODE 77 TIMEOUT 600
    ENVIRONMENT "RELANCE_BIN=$<TARGET_FILE:relance>;RELANCE_WEB_FIXTURE=$<TARGET_FILE:web_fixture>;RELANCE_PYTHON3=${RELANCE_PYTHON3};RELANCE_SOURCE_DIR=${PROJECT_SOURCE_DIR};RELANCE_BROWSER_DIR=${PROJECT_BINARY_DIR}/browser")
endif()
