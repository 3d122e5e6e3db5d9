// Host-lab runtime: one HTTPS form POST, the way the lab apps and their SDK stand-ins send
// what they collect. Synchronous, so the request happens at a known point of the app's phase;
// the reply is read to the end (mitmproxy then records a complete flow) and its status
// returned. Failures are the caller's to report: apps and SDKs swallow them differently.
package harness.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

public final class FormPost {
    private static final int TIMEOUT_MILLIS = 10_000;

    private FormPost() {}

    /** POSTs `body` (application/x-www-form-urlencoded) to `url`; the HTTP status. */
    public static int send(String url, String body) throws IOException {
        return send(url, body, Map.of());
    }

    /** As send(url, body), with extra request headers (e.g. an SDK's User-Agent). */
    public static int send(String url, String body, Map<String, String> headers) throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            headers.forEach(connection::setRequestProperty);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status = connection.getResponseCode();
            InputStream reply = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (reply != null) {
                try (reply) {
                    reply.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }
}
