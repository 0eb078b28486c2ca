# What `cmake --install` puts in place, for programs that embed bylaw:
#
#   lib/libbylaw_runtime.so.X.Y.Z, .a    scan side: load a compiled program, scan
#   lib/libbylaw_compiler.so.X.Y.Z, .a   compile side, the scan side and the C API included
#   lib/libbylaw_adapters.a              sources and sinks (JSON Lines, Redis, ...)
#   libexec/bylaw-compile-child          the isolated Hyperscan compile's child
#   include/bylaw/*.h, include/bylaw.h  the engine's public headers, the C API
#   include/bylaw-adapters/bylaw/*.h     the adapters' public headers
#   lib/cmake/bylaw/                     find_package(bylaw): bylaw::runtime,
#                                        bylaw::compiler (shared), their _static
#                                        twins and bylaw::adapters
#   lib/pkgconfig/bylaw-{runtime,compiler,adapters}.pc
#
# The libraries are made of the objects the in-tree targets build (compiled
# once, position-independent). A process links the runtime or the compiler,
# never both: libhs and libhs_runtime define the same symbols. The exported
# targets carry include paths and libraries only, never this project's
# warnings or flags. Their dependencies are named as plain libraries
# (-lhs, -lyaml-cpp, -licuuc, ...), found where Debian installs them.

set_target_properties(bylaw_runtime_core bylaw_compiler bylaw_c bylaw_adapters
  PROPERTIES POSITION_INDEPENDENT_CODE ON)

set(BYLAW_SOVERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}")
set(BYLAW_RUNTIME_OBJECTS $<TARGET_OBJECTS:bylaw_runtime_core>)
set(BYLAW_COMPILER_OBJECTS $<TARGET_OBJECTS:bylaw_runtime_core> $<TARGET_OBJECTS:bylaw_compiler>
  $<TARGET_OBJECTS:bylaw_c>)
set(BYLAW_RUNTIME_DEPENDENCIES hs_runtime icuuc)
set(BYLAW_COMPILER_DEPENDENCIES hs yaml-cpp icuuc)

# bylaw_install_library(NAME TYPE OUTPUT EXPORT_NAME INCLUDE_SUBDIR OBJECTS... DEPENDS ...)
function(bylaw_install_library name type output export_name include_dir)
  cmake_parse_arguments(PARSE_ARGV 5 arg "" "" "OBJECTS;DEPENDS")
  add_library(${name} ${type} ${arg_OBJECTS})
  set_target_properties(${name} PROPERTIES OUTPUT_NAME ${output} EXPORT_NAME ${export_name}
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib
    ARCHIVE_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib)
  if(type STREQUAL "SHARED")
    set_target_properties(${name} PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${BYLAW_SOVERSION})
  endif()
  target_link_libraries(${name} PRIVATE ${arg_DEPENDS})
  target_include_directories(${name} INTERFACE $<INSTALL_INTERFACE:${include_dir}>)
  install(TARGETS ${name} EXPORT bylawTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()

foreach(type SHARED STATIC)
  string(TOLOWER "${type}" kind)
  set(suffix "")
  if(type STREQUAL "STATIC")
    set(suffix "_static")
  endif()
  bylaw_install_library(bylaw_runtime_${kind} ${type} bylaw_runtime runtime${suffix}
    ${CMAKE_INSTALL_INCLUDEDIR} OBJECTS ${BYLAW_RUNTIME_OBJECTS} DEPENDS ${BYLAW_RUNTIME_DEPENDENCIES})
  bylaw_install_library(bylaw_compiler_${kind} ${type} bylaw_compiler compiler${suffix}
    ${CMAKE_INSTALL_INCLUDEDIR} OBJECTS ${BYLAW_COMPILER_OBJECTS} DEPENDS ${BYLAW_COMPILER_DEPENDENCIES})
endforeach()
# The adapters come as an archive that the host links beside the runtime or
# the compiler, whichever it chose.
bylaw_install_library(bylaw_adapters_static STATIC bylaw_adapters adapters
  ${CMAKE_INSTALL_INCLUDEDIR}/bylaw-adapters OBJECTS $<TARGET_OBJECTS:bylaw_adapters>
  DEPENDS hiredis spdlog fmt)
target_include_directories(bylaw_adapters_static INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

install(TARGETS bylaw-compile-child RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/bylaw
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/capi/include/bylaw.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/adapters/include/bylaw
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/bylaw-adapters)

include(CMakePackageConfigHelpers)
set(BYLAW_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/bylaw)
install(EXPORT bylawTargets NAMESPACE bylaw:: DESTINATION ${BYLAW_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/bylawConfig.cmake.in
  ${PROJECT_BINARY_DIR}/bylawConfig.cmake INSTALL_DESTINATION ${BYLAW_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_LIBEXECDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/bylawConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/bylawConfig.cmake ${PROJECT_BINARY_DIR}/bylawConfigVersion.cmake
  DESTINATION ${BYLAW_CMAKE_DIR})

# The .pc files find the prefix from where they lie, so the tree can move.
file(RELATIVE_PATH BYLAW_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
foreach(pc bylaw-runtime bylaw-compiler bylaw-adapters)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
