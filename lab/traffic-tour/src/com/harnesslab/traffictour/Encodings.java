// Traffic tour: the ways SDKs dress identifiers before sending them, written as SDKs write
// them in Java (MessageDigest with per-byte hex, BigInteger.toString(16), java.util.Base64,
// URLEncoder, hand-made JSON, GZIP/Deflater streams).
package com.harnesslab.traffictour;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

final class Encodings {
    private Encodings() {}

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(utf8(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Two hex digits per byte, lower case: what most SDKs send. */
    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    /** new BigInteger(1, digest).toString(16): leading zeros of the hash are lost. */
    static String bigIntegerHex(byte[] digest) {
        return new BigInteger(1, digest).toString(16);
    }

    /** Integer.toHexString(b & 0xff) per byte: each byte's leading zero is lost. */
    static String perByteHex(byte[] digest) {
        StringBuilder sb = new StringBuilder();
        for (byte b : digest) {
            sb.append(Integer.toHexString(b & 0xff));
        }
        return sb.toString();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(utf8(text));
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String base64Unpadded(String text) {
        return Base64.getEncoder().withoutPadding().encodeToString(utf8(text));
    }

    static String base64Url(String text) {
        return Base64.getUrlEncoder().encodeToString(utf8(text));
    }

    static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A JSON string body with quotes, backslashes and controls escaped, nothing else. */
    static String json(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A JSON string body in pure ASCII: everything past ASCII as \\uXXXX (lower-case hex). */
    static String jsonAscii(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : json(text).toCharArray()) {
            sb.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    /** Every character that is not a letter or digit as \\uXXXX (some obfuscating SDKs). */
    static String jsonEscapeAll(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            boolean plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            sb.append(plain ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(utf8(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** zlib-wrapped deflate: what HTTP's `Content-Encoding: deflate` means. */
    static byte[] deflate(String text) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(buffer)) {
            out.write(utf8(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static byte[] brotli(String text) {
        return Brotli.stored(utf8(text));
    }
}
