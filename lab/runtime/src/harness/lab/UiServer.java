// Host-lab runtime: the UI server. Listens on 127.0.0.1 at an ephemeral port, publishes the
// port in the file named by -Dharness.ui.portfile (written aside and renamed, so a reader
// never sees half a number), and serves each connection on its own daemon thread.
package harness.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

final class UiServer {
    /** The reply to requests that arrive while the process ends ("exiting" tells the client). */
    private static final Map<String, Object> EXITING =
            Map.of("ok", false, "error", "the app is exiting", "exiting", true);

    private final ServerSocket socket;
    private final UiProtocol protocol;
    private final ExitGate gate;
    private final AtomicInteger connections = new AtomicInteger();

    private UiServer(ServerSocket socket, UiProtocol protocol, ExitGate gate) {
        this.socket = socket;
        this.protocol = protocol;
        this.gate = gate;
    }

    static UiServer start(UiProtocol protocol, ExitGate gate, String portfile) throws IOException {
        ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        UiServer server = new UiServer(socket, protocol, gate);
        daemon("lab-ui-accept", server::acceptLoop).start();
        int port = socket.getLocalPort();
        System.err.println("harness-lab: UI server on 127.0.0.1:" + port);
        if (portfile != null && !portfile.isEmpty()) {
            publish(Path.of(portfile), port);
        }
        return server;
    }

    private static void publish(Path portfile, int port) throws IOException {
        Path dir = portfile.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, portfile.getFileName() + ".", ".tmp");
        Files.writeString(temp, port + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, portfile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                System.err.println("harness-lab: UI server stopped: " + e);
                return;
            }
            String name = "lab-ui-conn-" + connections.incrementAndGet();
            daemon(name, () -> serve(client)).start();
        }
    }

    private void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(
                     new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = client.getOutputStream()) {
            client.setTcpNoDelay(true);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (!gate.begin()) {
                    write(out, Json.encode(EXITING));
                    continue;
                }
                UiProtocol.Reply reply;
                try {
                    reply = protocol.handle(line);
                    write(out, Json.encode(reply.body()));
                } finally {
                    gate.end();
                }
                if (reply.quit()) {
                    gate.exit(0);
                }
            }
        } catch (IOException e) {
            // The client went away: nothing is owed to it.
        }
    }

    private static void write(OutputStream out, String json) throws IOException {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
