# Strict warnings for the project's own targets only; dependencies keep their own flags.
function(paylink_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror
                                             -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /WX)
  endif()
endfunction()
