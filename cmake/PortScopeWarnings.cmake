# portscope_apply_warnings(<target>): the project's warning set on one target.
# -Wall -Wextra -Wpedantic everywhere; -Werror when PORTSCOPE_WERROR is ON (CI).
function(portscope_apply_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(PORTSCOPE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(PORTSCOPE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
                                              -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
