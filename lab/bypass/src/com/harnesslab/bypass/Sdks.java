// Bypass lab app: the four SDK reports, each the way real SDKs get around a proxy or a MITM.
// Receivers: the JPush stand-in (tsis.jiguang.cn), the Bugly stand-in (android.bugly.qq.com),
// and two trackers the SDK database does not know (collect.labtracker.net, stat.labpush.net).
package com.harnesslab.bypass;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import okhttp3.CertificatePinner;

final class Sdks {
    private static final int TIMEOUT_MS = 5000;
    // The real servers' keys (any key mitmproxy's certificates cannot have).
    private static final String PINNED_KEY = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=";

    int sent;
    int failed;

    /** A push SDK that opens its connection with Proxy.NO_PROXY: the proxy setting is ignored. */
    void pushReport(String imei) {
        post("push", () -> {
            URL url = new URL("https://tsis.jiguang.cn/v1/report");
            return (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        }, "application/x-www-form-urlencoded", "platform=a&imei=" + imei, null);
    }

    /** A crash SDK with its own HTTP over a raw TLS socket: no ProxySelector is ever asked. */
    void crashReport(String androidId) {
        String host = "android.bugly.qq.com";
        byte[] body = ("{\"aid\":\"" + androidId + "\",\"ev\":\"launch\"}").getBytes(StandardCharsets.UTF_8);
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket()) {
            socket.connect(new InetSocketAddress(host, 443), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the name is checked, as it should be
            socket.setSSLParameters(params);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /rqd/async HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = statusLine(socket.getInputStream());
            sent++;
            System.err.println("bypass: crash report -> " + status);
        } catch (Exception e) {
            failed++;
            System.err.println("bypass: crash report failed: " + e);
        }
    }

    /** The IMSI over an SSLContext whose own TrustManager pins the server's key. */
    void simReport(String imsi) {
        post("sim", () -> {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinningTrustManager(PINNED_KEY)}, null);
            HttpsURLConnection connection =
                    (HttpsURLConnection) new URL("https://collect.labtracker.net/v2/sim").openConnection();
            connection.setSSLSocketFactory(context.getSocketFactory());
            return connection;
        }, "application/x-www-form-urlencoded", "imsi=" + imsi, null);
    }

    /** The phone number, once OkHttp's CertificatePinner accepted the server's chain. */
    void accountReport(String phone) {
        CertificatePinner pinner = new CertificatePinner.Builder()
                .add("stat.labpush.net", "sha256/" + PINNED_KEY)
                .build();
        post("account", () -> (HttpURLConnection) new URL("https://stat.labpush.net/v1/account").openConnection(),
                "application/json", "{\"msisdn\":\"" + phone + "\"}", pinner);
    }

    interface Opener {
        HttpURLConnection open() throws Exception;
    }

    private void post(String what, Opener opener, String type, String body, CertificatePinner pinner) {
        try {
            HttpURLConnection connection = opener.open();
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", type);
            connection.connect(); // the TLS handshake
            if (pinner != null) {
                pinner.check(connection.getURL().getHost(),
                        Arrays.asList(((HttpsURLConnection) connection).getServerCertificates()));
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            sent++;
            System.err.println("bypass: " + what + " report -> " + status);
        } catch (Exception e) {
            failed++;
            System.err.println("bypass: " + what + " report failed: " + e);
        }
    }

    private static String statusLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }
}
