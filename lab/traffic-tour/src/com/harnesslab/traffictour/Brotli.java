// Traffic tour: a brotli encoder that stores its input uncompressed (RFC 7932 "uncompressed
// meta-blocks"). The JDK has no brotli; SDKs that send `Content-Encoding: br` use a native
// library. A stored stream is a valid brotli stream every decoder accepts, which is all the
// tour needs: the harness must undo brotli to see what is inside.
package com.harnesslab.traffictour;

import java.io.ByteArrayOutputStream;

final class Brotli {
    private static final int MAX_BLOCK = 1 << 16; // MLEN-1 in four nibbles

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int pending; // bits not yet written, least significant first
    private int pendingCount;

    private Brotli() {}

    static byte[] stored(byte[] data) {
        Brotli w = new Brotli();
        w.bits(0, 1); // WBITS: 0 means a 64 KiB window
        for (int off = 0; off < data.length; off += MAX_BLOCK) {
            int len = Math.min(MAX_BLOCK, data.length - off);
            w.bits(0, 1); // ISLAST = 0 (an uncompressed meta-block is never the last)
            w.bits(0, 2); // MNIBBLES = 4
            w.bits(len - 1, 16); // MLEN - 1
            w.bits(1, 1); // ISUNCOMPRESSED
            w.align();
            w.out.write(data, off, len);
        }
        w.bits(1, 1); // ISLAST
        w.bits(1, 1); // ISLASTEMPTY
        w.align();
        return w.out.toByteArray();
    }

    private void bits(int value, int count) {
        for (int i = 0; i < count; i++) {
            pending |= ((value >>> i) & 1) << pendingCount;
            if (++pendingCount == 8) {
                out.write(pending);
                pending = 0;
                pendingCount = 0;
            }
        }
    }

    private void align() {
        if (pendingCount > 0) {
            out.write(pending); // the padding bits are zero, as the format requires
            pending = 0;
            pendingCount = 0;
        }
    }
}
