# Installs the library, its public headers, a relocatable CMake package with version checking and a
# pkg-config file. Everything here is the install COMPONENT "dev" (the libpaylink-dev package,
# cmake/PaylinkPackaging.cmake); the tools install as "tools" (tools/*/CMakeLists.txt).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS paylink paylink_testing
  EXPORT paylinkTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT dev)
# The include directory comes with the targets' $<INSTALL_INTERFACE:...> (src/CMakeLists.txt).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/paylink
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT dev
  FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/generated/include/paylink/version.hpp
              ${PROJECT_BINARY_DIR}/generated/include/paylink/export.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/paylink
  COMPONENT dev)
install(FILES ${PROJECT_BINARY_DIR}/generated/include/paylink/testing/export.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/paylink/testing
  COMPONENT dev)

install(EXPORT paylinkTargets
  NAMESPACE paylink::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paylink
  COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/paylinkConfig.cmake.in
  ${PROJECT_BINARY_DIR}/paylinkConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paylink)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/paylinkConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY ${PAYLINK_PACKAGE_COMPATIBILITY})  # SameMinorVersion while 0.x (docs/abi.md)
install(FILES ${PROJECT_BINARY_DIR}/paylinkConfig.cmake ${PROJECT_BINARY_DIR}/paylinkConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paylink
  COMPONENT dev)

# The gMock doubles' target (their header is installed with the others), in an export set of its own
# that paylinkConfig.cmake loads only for find_package(paylink COMPONENTS mocks): GoogleTest is then
# needed by those consumers only.
if(PAYLINK_BUILD_MOCKS)
  install(TARGETS paylink_mocks EXPORT paylinkMocksTargets COMPONENT dev)
  install(EXPORT paylinkMocksTargets
    NAMESPACE paylink::
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paylink
    COMPONENT dev)
endif()

# pkg-config: a static paylink needs its direct dependencies on the link line too. They go in
# Libs.private, not Requires.private, which would make --static expand libcurl's own private
# dependencies (nghttp2, ssh2, ldap, ...) that distributions do not install for a shared libcurl.
if(BUILD_SHARED_LIBS)
  set(PAYLINK_PC_LIBS_PRIVATE "")
  set(PAYLINK_PC_CFLAGS "")
else()
  set(PAYLINK_PC_LIBS_PRIVATE "-lcurl -lcrypto -lfmt -pthread")
  if(PAYLINK_WITH_REDIS)
    string(APPEND PAYLINK_PC_LIBS_PRIVATE " -lhiredis")
  endif()
  # As the CMake targets carry it: the export macros expand to nothing for a static paylink.
  set(PAYLINK_PC_CFLAGS " -DPAYLINK_STATIC_DEFINE -DPAYLINK_TESTING_STATIC_DEFINE")
endif()
# The prefix relative to the .pc file, so the installed tree stays relocatable with any libdir
# (lib, lib64, lib/x86_64-linux-gnu).
file(RELATIVE_PATH PAYLINK_PC_PREFIX_FROM_PCFILEDIR "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
configure_file(${PROJECT_SOURCE_DIR}/cmake/paylink.pc.in ${PROJECT_BINARY_DIR}/paylink.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/paylink.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
