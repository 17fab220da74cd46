cmake_minimum_required(VERSION 3.25)
# Runs one golden case of the `ferry` command and compares stdout and the exit code with the
# expectations stored beside it. With FERRY_UPDATE_GOLDEN=1 in the environment it rewrites them.
#
#   cmake -DFERRY=<path> -DCASE=<dir> -P run_golden.cmake
#
# A case folder holds `args` (the command line after `ferry`, one argument per line; `@CASE@`
# stands for the case folder), `expected.out` and `expected.code`, plus whatever files the
# command reads. Commands run with the case folder as working directory.
file(STRINGS "${CASE}/args" raw_args)
set(args "")
foreach(a IN LISTS raw_args)
  string(REPLACE "{case}" "${CASE}" a "${a}")
  list(APPEND args "${a}")
endforeach()
execute_process(COMMAND ${FERRY} ${args}
                WORKING_DIRECTORY "${CASE}"
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
if(DEFINED ENV{FERRY_UPDATE_GOLDEN} AND "$ENV{FERRY_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE "${CASE}/expected.out" "${out}")
  file(WRITE "${CASE}/expected.code" "${code}\n")
  message(STATUS "updated ${CASE}")
  return()
endif()
file(READ "${CASE}/expected.out" want_out)
file(STRINGS "${CASE}/expected.code" want_code)
if(NOT "${out}" STREQUAL "${want_out}")
  file(WRITE "${CASE}/actual.out" "${out}")
  message(FATAL_ERROR "stdout differs from ${CASE}/expected.out (see actual.out):\n${out}\nstderr:\n${err}")
endif()
if(NOT "${code}" STREQUAL "${want_code}")
  message(FATAL_ERROR "exit code ${code}, expected ${want_code}\nstderr:\n${err}")
endif()
file(REMOVE "${CASE}/actual.out")
