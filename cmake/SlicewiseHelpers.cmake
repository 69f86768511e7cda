# Project-wide helpers: warnings, library declaration by folder, test registration.

function(slicewise_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
endfunction()

# slicewise_library(NAME <name> [DEPS ...] [PRIVATE_DEPS ...] [SOURCES ...])
# Compiles every .cpp in the calling folder into Slicewise::<name> (or only SOURCES, for the
# trainer-only build); headers are included as "<folder>/<Header>.h" from engine/, so the folder
# name is part of every include.
function(slicewise_library)
  cmake_parse_arguments(L "" "NAME" "DEPS;PRIVATE_DEPS;SOURCES" ${ARGN})
  if(L_SOURCES)
    list(TRANSFORM L_SOURCES PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/ OUTPUT_VARIABLE sources)
  else()
    file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  endif()
  file(GLOB headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  add_library(slicewise_${L_NAME} STATIC ${sources} ${headers})
  add_library(Slicewise::${L_NAME} ALIAS slicewise_${L_NAME})
  target_include_directories(slicewise_${L_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/engine)
  target_link_libraries(slicewise_${L_NAME} PUBLIC ${L_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  slicewise_warnings(slicewise_${L_NAME})
endfunction()

# slicewise_glob_tests(LIBS ... [LABELS ...] [GL] [PATTERN glob])
# Every *Test.cpp (or PATTERN) in the calling folder becomes one Qt Test executable and one ctest
# test. GL tests run under Xvfb (the suite script wraps ctest in xvfb-run) and carry the label "gl".
function(slicewise_glob_tests)
  cmake_parse_arguments(T "GL" "PATTERN" "LIBS;LABELS;EXTRA_SOURCES" ${ARGN})
  if(NOT T_PATTERN)
    set(T_PATTERN "*Test.cpp")
  endif()
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${T_PATTERN})
  foreach(src ${tests})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src} ${T_EXTRA_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test slicewise_testsupport ${T_LIBS})
    slicewise_warnings(${name})
    add_test(NAME ${name} COMMAND ${name})
    set(labels ${T_LABELS})
    if(T_GL)
      list(APPEND labels gl)
    else()
      set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
    endif()
    set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 900)
  endforeach()
endfunction()
