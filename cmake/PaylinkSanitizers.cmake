# PAYLINK_SANITIZE=address,undefined or PAYLINK_SANITIZE=thread applies to every target of the build,
# so that the library, the tools and the tests are instrumented alike.
if(PAYLINK_SANITIZE)
  if(PAYLINK_SANITIZE MATCHES "thread" AND PAYLINK_SANITIZE MATCHES "address")
    message(FATAL_ERROR "ThreadSanitizer cannot be combined with AddressSanitizer")
  endif()
  add_compile_options(-fsanitize=${PAYLINK_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${PAYLINK_SANITIZE})
endif()
