/* tests/fuzz/fuzz.h - what every harness defines.
 *
 * Each fuzz_<name>.c defines the two libFuzzer entry points. Built with
 * clang -fsanitize=fuzzer it is a libFuzzer binary (`make fuzz`); linked
 * with replay.c instead it runs the saved inputs in tests/fuzz/corpus/ and
 * tests/fuzz/regress/ once each, with any compiler (`make test`, and under
 * ASan/UBSan with `make SAN=1 test`). A harness must not leak, print or exit:
 * every input, however broken, returns 0. */
#ifndef WS_FUZZ_H
#define WS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source tree (for fonts/roles.yaml and templates/), set by the Makefile. */
#ifndef WS_SOURCE_DIR
#define WS_SOURCE_DIR "."
#endif

/* LeakSanitizer's switch, when the harness is built with ASan (clang or gcc). */
#if defined(__SANITIZE_ADDRESS__)
#define WS_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WS_FUZZ_ASAN 1
#endif
#endif
#ifdef WS_FUZZ_ASAN
#include <sanitizer/lsan_interface.h>
#define ws_lsan_disable() __lsan_disable()
#define ws_lsan_enable() __lsan_enable()
#else
#define ws_lsan_disable() ((void)0)
#define ws_lsan_enable() ((void)0)
#endif

#endif
