/* Bypass lab app: a stand-in for a BoringSSL carrier (Cronet, Flutter) on the host lab.
 *
 * Exports SSL_CTX_set_custom_verify with BoringSSL's signature and, when the JVM loads it
 * (System.load -> JNI_OnLoad), installs a verification callback that rejects every chain
 * (ssl_verify_invalid, 1) and runs it once, printing what it answered. Unpinned, the agent has
 * replaced the callback while the library was being loaded: the answer is ssl_verify_ok (0).
 * Built by tests/traffic/test_bypass_capture.py with the system's C compiler; the JVM loads it
 * when the property bypass.native_tls names it. No real TLS happens here.
 */
#include <stdio.h>

enum ssl_verify_result_t { ssl_verify_ok = 0, ssl_verify_invalid = 1, ssl_verify_retry = 2 };
typedef enum ssl_verify_result_t (*custom_verify)(void *ssl, unsigned char *out_alert);

static custom_verify installed;

void SSL_CTX_set_custom_verify(void *ctx, int mode, custom_verify callback) {
    (void) ctx;
    (void) mode;
    installed = callback;
}

static enum ssl_verify_result_t pinned(void *ssl, unsigned char *out_alert) {
    (void) ssl;
    *out_alert = 42; /* bad_certificate */
    return ssl_verify_invalid;
}

int JNI_OnLoad(void *vm, void *reserved) {
    (void) vm;
    (void) reserved;
    unsigned char alert = 0;
    SSL_CTX_set_custom_verify(NULL, 1 /* SSL_VERIFY_PEER */, pinned);
    printf("boringssl-standin: verify -> %d\n", (int) installed(NULL, &alert));
    fflush(stdout);
    return 0x00010008; /* JNI_VERSION_1_8 */
}
