cmake_minimum_required(VERSION 3.25)
# `ferry build --write` changes only the FORWARD_QUERY blocks, byte for byte:
#
#   cmake -DFERRY=<ferry> -DFIXTURE=<tests/driver/build_write> -DWORK=<scratch dir> -P build_write_check.cmake
#
# The fixture's `new` project is copied to WORK together with two variants made here (so that no
# checkout setting can normalize them): every file with CRLF line breaks (`*_crlf.datasource`) and
# every file without its final newline (`*_nonl.datasource`). `ferry build new --base live --write`
# must turn each file into its `expected/` version (with the same variant applied), leave the
# files whose query needs confirmation untouched, and a second run must change nothing.
# FERRY_UPDATE_GOLDEN=1 copies the LF results back into `expected/`.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(COPY "${FIXTURE}/live" "${FIXTURE}/new" DESTINATION "${WORK}")

file(GLOB originals RELATIVE "${FIXTURE}/new/datasources" "${FIXTURE}/new/datasources/*.datasource")
function(variant text kind out)
  if(kind STREQUAL "crlf")
    string(REPLACE "\n" "\r\n" text "${text}")
  elseif(kind STREQUAL "nonl")
    string(REGEX REPLACE "\n$" "" text "${text}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
foreach(name IN LISTS originals)
  string(REPLACE ".datasource" "" stem "${name}")
  foreach(side live new)
    file(READ "${FIXTURE}/${side}/datasources/${name}" text)
    foreach(kind crlf nonl)
      variant("${text}" ${kind} changed)
      file(WRITE "${WORK}/${side}/datasources/${stem}_${kind}.datasource" "${changed}")
    endforeach()
  endforeach()
endforeach()

foreach(run first second)
  execute_process(COMMAND "${FERRY}" build new --base live --write WORKING_DIRECTORY "${WORK}"
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
  # events.datasource needs confirmation (String -> UUID): exit 1 on both runs.
  if(NOT code EQUAL 1)
    message(FATAL_ERROR "${run} run: exit code ${code}, expected 1\n${out}\n${err}")
  endif()
  foreach(name IN LISTS originals)
    string(REPLACE ".datasource" "" stem "${name}")
    if(DEFINED ENV{FERRY_UPDATE_GOLDEN} AND "$ENV{FERRY_UPDATE_GOLDEN}" STREQUAL "1" AND run STREQUAL "first")
      file(READ "${WORK}/new/datasources/${name}" got)
      file(WRITE "${FIXTURE}/expected/${name}" "${got}")
    endif()
    file(READ "${FIXTURE}/expected/${name}" want)
    foreach(kind plain crlf nonl)
      set(file "${WORK}/new/datasources/${stem}_${kind}.datasource")
      if(kind STREQUAL "plain")
        set(file "${WORK}/new/datasources/${name}")
      endif()
      variant("${want}" ${kind} expected)
      file(READ "${file}" got HEX)
      string(HEX "${expected}" expected_hex)
      if(NOT got STREQUAL expected_hex)
        file(READ "${file}" got_text)
        message(FATAL_ERROR "${run} run: ${file} differs from expected/${name} (${kind}):\n--- got ---\n${got_text}\n--- want ---\n${expected}\n--- ferry said ---\n${out}\n${err}")
      endif()
    endforeach()
  endforeach()
endforeach()
message(STATUS "build --write: ${WORK} matches ${FIXTURE}/expected")
