// Traffic tour: java.net.http through the JVM's proxy settings (the harness's mitmproxy),
// over HTTP/1.1, HTTP/2 (ALPN inside the CONNECT tunnel), plain HTTP and WebSocket.
// Failures are logged to stderr and swallowed, as SDKs do; the harness judges what was sent.
package com.harnesslab.traffictour;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http1 = client(HttpClient.Version.HTTP_1_1);
    private final HttpClient http2 = client(HttpClient.Version.HTTP_2);
    private int sent;
    private int failed;

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .version(version)
                .proxy(ProxySelector.getDefault()) // https.proxyHost & co.
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** One request: method, URL, body (null for none), then header name/value pairs. */
    void send(boolean h2, String method, String url, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response =
                    (h2 ? http2 : http1).send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            sent++;
            System.err.println("tour: " + method + " " + url + " -> " + response.statusCode()
                    + " " + response.version());
        } catch (Exception e) { // IOException, InterruptedException: logged, as SDKs do
            failed++;
            System.err.println("tour: " + method + " " + url + " failed: " + e);
        }
    }

    void post(boolean h2, String url, String contentType, byte[] body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", contentType));
        all.addAll(List.of(headers));
        send(h2, "POST", url, body, all.toArray(String[]::new));
    }

    void post(boolean h2, String url, String contentType, String body, String... headers) {
        post(h2, url, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    void get(boolean h2, String url, String... headers) {
        send(h2, "GET", url, null, headers);
    }

    /** Opens a WebSocket, sends one text message, closes it and waits for the close. */
    void webSocket(String url, String message) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        try {
            WebSocket ws = http1.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
            ws.sendText(message, true).get(10, TimeUnit.SECONDS);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            closed.get(10, TimeUnit.SECONDS);
            sent++;
            System.err.println("tour: websocket " + url + " sent and closed");
        } catch (Exception e) { // ExecutionException, TimeoutException, InterruptedException
            failed++;
            System.err.println("tour: websocket " + url + " failed: " + e);
        }
    }

    int sent() {
        return sent;
    }

    int failed() {
        return failed;
    }
}
