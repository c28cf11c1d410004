# SPDX-License-Identifier: MIT
# relance::warnings: the warning set of docs/style (c); -Werror when RELANCE_WERROR is on (CI).
add_library(relance_warnings INTERFACE)
add_library(relance::warnings ALIAS relance_warnings)
target_compile_options(relance_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wimplicit-fallthrough -Wno-missing-field-initializers
  $<$<BOOL:${RELANCE_WERROR}>:-Werror>)
