# SPDX-License-Identifier: MIT
# letter_tests: the formal-notice PDF (relance::pdf_letter) and the letters folder, read back with
# poppler's pdftotext (skipped without it).
add_executable(letter_tests unit/adapters/letter_pdf_test.cpp)
target_link_libraries(letter_tests PRIVATE relance::pdf_letter relance::letter_folder relance::testing
                                           GTest::gtest_main relance::warnings)
gtest_discover_tests(letter_tests TEST_PREFIX "letter." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

# The formal notice through the daily pass: letter, attachment, letters to post, collection.
add_executable(letter_pass_tests integration/letters_pass_test.cpp)
target_link_libraries(letter_pass_tests PRIVATE relance::engine relance::csv relance::sqlite_store
                                                relance::render relance::outbox relance::rates
                                                relance::pdf_letter relance::letter_folder
                                                relance::testing GTest::gtest_main relance::warnings)
gtest_discover_tests(letter_pass_tests TEST_PREFIX "letter." PROPERTIES LABELS "integration"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")

# `relance letter`, `relance letters` and `relance collection export` through the real binary.
if(RELANCE_PYTHON3 AND TARGET relance)
  add_test(NAME e2e.letters COMMAND ${RELANCE_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/test_letters.py)
  set_tests_properties(e2e.letters PROPERTIES LABELS "e2e" SKIP_RETURN_CODE 77
    ENVIRONMENT "RELANCE_BIN=$<TARGET_FILE:relance>;PYTHONPATH=${CMAKE_CURRENT_SOURCE_DIR}/e2e;PYTHONDONTWRITEBYTECODE=1")
endif()
