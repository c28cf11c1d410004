# SPDX-License-Identifier: MIT
# The workers' queue against a real PostgreSQL server (RELANCE_TEST_PG; skipped, visibly, without).
add_executable(work_queue_tests integration/work_queue_test.cpp)
target_link_libraries(work_queue_tests PRIVATE relance::work_queue GTest::gtest_main relance::warnings)
gtest_discover_tests(work_queue_tests TEST_PREFIX "work_queue." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

# 4 workers on per-tenant CSV sources against the real SMTP sink (tests/e2e/test_workers.py).
# RELANCE_E2E_INVOICES=200000 is the documented run; CI runs the default (20 000).
if(RELANCE_PYTHON3 AND TARGET relance AND RELANCE_BENCH)
  add_test(NAME e2e.workers COMMAND ${RELANCE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_workers.py)
  set_tests_properties(e2e.workers PROPERTIES LABELS "e2e" SKIP_RETURN_CODE 77 TIMEOUT 900
    ENVIRONMENT "RELANCE_BIN=$<TARGET_FILE:relance>;RELANCE_GEN=$<TARGET_FILE:relance-gen>;PYTHONPATH=${CMAKE_CURRENT_SOURCE_DIR}/e2e;PYTHONDONTWRITEBYTECODE=1")
endif()

# The tenants' command line without a database (tests/e2e/test_tenants_cli.py).
if(RELANCE_PYTHON3 AND TARGET relance)
  add_test(NAME e2e.tenants_cli COMMAND ${RELANCE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_tenants_cli.py)
  set_tests_properties(e2e.tenants_cli PROPERTIES LABELS "e2e"
    ENVIRONMENT "RELANCE_BIN=$<TARGET_FILE:relance>;PYTHONPATH=${CMAKE_CURRENT_SOURCE_DIR}/e2e;PYTHONDONTWRITEBYTECODE=1")
endif()
