// Host-lab runtime: the app's other processes, started the way Android starts them for an app.
//
// On Android a <service android:process=":push"> runs in a process of its own, named
// "<package>:push", and an app that restarts itself (a hot fix applied, a crash handler) gets a
// new main process named "<package>". Neither is forked by the app: the system asks zygote.
// In the lab each is a new JVM with this JVM's own options (the device's identifiers, the
// proxy, the watchdog's parent pid) and -Dharness.process=<name>. With -Dharness.zygote=
// <port>:<token> (set by the harness) the lab asks the harness to start it, one JSON line over
// 127.0.0.1 ({"op":"start","token":…,"process":…,"argv":[…]}; reply {"ok":true} once the
// harness accepted it), and the harness spawns it under its agent, held before its first
// instruction; the call returns at once, as Android's startService() does. Without the
// property (a lab app run by hand) the JVM starts it itself.
//
// Known gaps: no binder between the processes (a service gets no intents); the second process
// lives until it ends itself, the harness kills it, or the watchdog's parent is gone.
package harness.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class LabProcesses {
    static final String PROCESS_PROPERTY = "harness.process";
    static final String RESTARTS_PROPERTY = "harness.lab.restarts";
    static final String ZYGOTE_PROPERTY = "harness.zygote";

    private static String[] launchArgs = new String[0];

    private LabProcesses() {}

    /** LabLauncher's arguments, so a restart starts the same app. */
    static void recordLaunch(String[] args) {
        launchArgs = args.clone();
    }

    /** How many times this app restarted itself before this process (0 in the first). */
    public static int restarts() {
        return Integer.getInteger(RESTARTS_PROPERTY, 0);
    }

    /** Starts the service class (a LabService) in the process "<package><suffix>", e.g. ":push". */
    public static void startService(String packageName, String suffix, Class<? extends LabService> service)
            throws IOException {
        String name = packageName + suffix;
        List<String> command = javaWith(name, restarts());
        command.add(ServiceLauncher.class.getName());
        command.add(service.getName());
        command.add(packageName);
        start(name, command);
    }

    /** Starts a new main process of the app (the caller then ends this one). */
    static void startMain(String packageName) throws IOException {
        List<String> command = javaWith(packageName, restarts() + 1);
        command.add(LabLauncher.class.getName());
        command.addAll(List.of(launchArgs));
        start(packageName, command);
    }

    private static List<String> javaWith(String processName, int restarts) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-D" + PROCESS_PROPERTY + "=") && !option.startsWith("-D" + RESTARTS_PROPERTY + "=")) {
                command.add(option);
            }
        }
        command.add("-D" + PROCESS_PROPERTY + "=" + processName);
        command.add("-D" + RESTARTS_PROPERTY + "=" + restarts);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return command;
    }

    private static void start(String processName, List<String> command) throws IOException {
        String zygote = System.getProperty(ZYGOTE_PROPERTY);
        if (zygote == null) {
            new ProcessBuilder(command).inheritIO().start();
            return;
        }
        int colon = zygote.indexOf(':');
        if (colon < 0) {
            throw new IOException(ZYGOTE_PROPERTY + " is not <port>:<token>: " + zygote);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "start");
        request.put("token", zygote.substring(colon + 1));
        request.put("process", processName);
        request.put("argv", command);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(zygote.substring(0, colon)))) {
            OutputStream out = socket.getOutputStream();
            out.write((Json.encode(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            Object reply = line == null ? null : Json.parse(line);
            if (!(reply instanceof Map<?, ?> map) || !Boolean.TRUE.equals(map.get("ok"))) {
                throw new IOException("the harness did not start " + processName + ": " + line);
            }
        }
    }
}
