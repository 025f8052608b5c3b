# Debian packages from the install rules: `cpack -G DEB --config <build>/CPackConfig.cmake` builds
#   libpaylink-dev  the install COMPONENT "dev": library, headers, CMake package, paylink.pc
#   paylink-tools   the install COMPONENT "tools": /usr/bin/paylink and /usr/bin/paylink-sandbox
# from an already built tree (cpack installs, it does not build). tests/package/package_test.sh builds,
# installs, uses and removes them. Build a release tree (RelWithDebInfo) for packages you ship.
if(BUILD_SHARED_LIBS)
  # A shared libpaylink belongs in its own runtime package (libpaylink<SOVERSION>) that the tools and
  # the -dev package depend on; that third package is not written yet, so the packages are made from
  # the default static build only.
  message(STATUS "paylink: no Debian packages for BUILD_SHARED_LIBS=ON (cpack is set up for the static "
                 "library only)")
  return()
endif()

set(PAYLINK_PACKAGE_MAINTAINER "paylink maintainers <maintainers@paylink.invalid>" CACHE STRING
    "The Maintainer field of the Debian packages")

set(CPACK_PACKAGE_NAME paylink)
set(CPACK_PACKAGE_VENDOR paylink)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})  # the one version source: project()
# The first line of both packages' Description; each component's description follows it.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "C++17 client for payment links at onOffice, MultiSafepay, SmarterPay, Qonto")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_COMPONENTS_ALL dev)
if(PAYLINK_BUILD_TOOLS)
  list(APPEND CPACK_COMPONENTS_ALL tools)
endif()

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <name>_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PAYLINK_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

# libpaylink-dev: a static library, so what a consumer needs is the -dev packages of paylink's own
# dependencies, which the CMake package finds (find_dependency in paylinkConfig.cmake) and the link line
# names (Libs.private in paylink.pc). libpaylink.a calls fmt's versioned inline namespace (fmt::v9), so
# the fmt major version it was built with is required.
math(EXPR paylink_fmt_next_major "${fmt_VERSION_MAJOR} + 1")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libpaylink-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)  # nothing dynamically linked inside
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libcurl4-openssl-dev (>= ${PAYLINK_CURL_MINIMUM_VERSION}) | libcurl-dev, libssl-dev (>= 3.0), \
libfmt-dev (>= ${fmt_VERSION_MAJOR}), libfmt-dev (<< ${paylink_fmt_next_major}), \
nlohmann-json3-dev (>= 3.10)")
if(PAYLINK_WITH_REDIS)
  string(APPEND CPACK_DEBIAN_DEV_PACKAGE_DEPENDS ", libhiredis-dev")
endif()
string(REPLACE ";" ", " paylink_provider_words "${PAYLINK_PROVIDERS}")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "Development files: the static library libpaylink, the test doubles libpaylink_testing, the
headers, a CMake package (find_package(paylink COMPONENTS <vendor>...)) and paylink.pc.
Vendor adapters built in: ${paylink_provider_words}.")

# paylink-tools: dynamically linked programs; dpkg-shlibdeps computes their runtime Depends
# (libcurl4, libssl3, libfmt9, libcpp-httplib, libstdc++6, libc6, ...).
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME paylink-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION net)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_TOOLS_DESCRIPTION
    "Command-line tools: paylink creates, reads, lists and expires payment links;
paylink-sandbox emulates the four vendors' APIs on loopback for offline development.")

# Debian policy wants each package's licence at /usr/share/doc/<package>/copyright.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libpaylink-dev
        RENAME copyright COMPONENT dev)
if(PAYLINK_BUILD_TOOLS)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/paylink-tools
          RENAME copyright COMPONENT tools)
endif()

include(CPack)
