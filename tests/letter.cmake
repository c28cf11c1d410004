# SPDX-License-Identifier: MIT
# letter_tests: the formal-notice PDF (relance::pdf_letter) and the letters folder, read back with
# poppler's pdftotext (skipped without it).
add_executable(letter_tests unit/adapters/letter_pdf_test.cpp)
target_link_libraries(letter_tests PRIVATE relance::pdf_letter relance::letter_folder relance::testing
                                           GTest::gtest_main relance::warnings)
gtest_discover_tests(letter_tests TEST_PREFIX "letter." PROPERTIES LABELS "unit"
                     ENVIRONMENT "${RELANCE_TEST_ENV}")
