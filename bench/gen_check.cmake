# SPDX-License-Identifier: MIT
# CTest script (bench.gen_deterministic): runs relance-gen twice with the same N and seed and
# fails unless both outputs are byte-identical, then checks a different seed gives other bytes.
# Usage: cmake -DGEN=path/to/relance-gen -DOUT=scratch/prefix -P gen_check.cmake
foreach(run a b)
  execute_process(COMMAND ${GEN} 5000 7 OUTPUT_FILE ${OUT}_${run}.csv RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "relance-gen failed (${rc})")
  endif()
endforeach()
execute_process(COMMAND ${GEN} 5000 8 OUTPUT_FILE ${OUT}_c.csv RESULT_VARIABLE rc)
file(SHA256 ${OUT}_a.csv ha)
file(SHA256 ${OUT}_b.csv hb)
file(SHA256 ${OUT}_c.csv hc)
file(REMOVE ${OUT}_a.csv ${OUT}_b.csv ${OUT}_c.csv)
if(NOT ha STREQUAL hb)
  message(FATAL_ERROR "relance-gen 5000 7 gave different bytes on two runs")
endif()
if(ha STREQUAL hc)
  message(FATAL_ERROR "relance-gen gave the same bytes for seeds 7 and 8")
endif()
message(STATUS "relance-gen deterministic: ${ha}")
