# SPDX-License-Identifier: MIT
# The HTTP transport (libcurl) against tests/tools/http_stub.py on 127.0.0.1.
find_package(nlohmann_json 3.11 REQUIRED)
add_executable(http_tests integration/http_test.cpp)
target_link_libraries(http_tests PRIVATE relance::http relance::testing nlohmann_json::nlohmann_json
                                         GTest::gtest_main relance::warnings)
target_compile_definitions(http_tests PRIVATE
  RELANCE_HTTP_STUB="${CMAKE_CURRENT_SOURCE_DIR}/tools/http_stub.py")
gtest_discover_tests(http_tests TEST_PREFIX "http." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
