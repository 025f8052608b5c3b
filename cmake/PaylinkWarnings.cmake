# Strict warnings for the project's own targets only; dependencies keep their own flags.
#
# Warnings become errors only in paylink's own builds (PAYLINK_WERROR defaults to ON only when paylink
# is the top-level project): a consumer that builds paylink with add_subdirectory or FetchContent,
# with a newer compiler that warns about something new, must still get a working build.
option(PAYLINK_WERROR "Treat compiler warnings as errors in paylink's own targets" ${PAYLINK_IS_TOP_LEVEL})

function(paylink_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                                             -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
    if(PAYLINK_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
      # GCC 12 at -O3 reports -Warray-bounds inside libstdc++'s std::map when nlohmann/json is built with
      # JSON_DIAGNOSTICS (a false positive in a system header); it stays a warning, not an error.
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE -Wno-error=array-bounds)
      endif()
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4)
    if(PAYLINK_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()
