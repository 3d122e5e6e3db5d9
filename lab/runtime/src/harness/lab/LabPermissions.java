// Host-lab runtime: the lab phone's runtime-permission state for the app, and its permission
// controller. A request shows one dialog per permission group not yet decided, one after the
// other, then hands the grant results back on the main thread. A denial is remembered: later
// requests for it are answered "denied" at once, without a dialog (Android's "don't ask
// again"), and shouldShowRationale says so. Requests made while a dialog is up wait their turn.
// The user's answers are the phone's, not the process's: with -Dharness.permissions.file they
// are read from that file at start and written to it (aside, then renamed) after each answer,
// so they survive the app's restart and its upgrade, as Android's package manager keeps them
// (runtime-permissions.xml); the harness reads the same file to compare the grants across an
// upgrade. One line per decided permission: "<permission> granted|denied".
package harness.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import harness.lab.ui.Window;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

final class LabPermissions implements PermissionHost {
    static final int GRANTED = 0; // PackageManager.PERMISSION_GRANTED
    static final int DENIED = -1; // PackageManager.PERMISSION_DENIED

    private record Request(String[] permissions, Consumer<int[]> done) {}

    private final Window window;
    private final String appLabel;
    private final Consumer<Runnable> post;
    // Read by the stand-ins on any thread (an SDK's worker), written on the main thread.
    private final Map<String, Integer> granted = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Queue<Request> waiting = new ArrayDeque<>();
    private boolean asking;

    private final Path store; // null: the answers live only as long as the process

    LabPermissions(Window window, String appLabel, Consumer<Runnable> post) {
        this.window = window;
        this.appLabel = appLabel;
        this.post = post;
        String file = System.getProperty("harness.permissions.file");
        this.store = file == null || file.isEmpty() ? null : Path.of(file);
        load();
    }

    private void load() {
        if (store == null || !Files.exists(store)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 2) {
                    continue;
                }
                if (parts[1].equals("granted")) {
                    granted.put(parts[0], GRANTED);
                } else if (parts[1].equals("denied")) {
                    granted.put(parts[0], DENIED);
                    refused.add(parts[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("harness-lab: cannot read " + store, e);
        }
    }

    private void save() {
        if (store == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Integer> entry : new java.util.TreeMap<>(granted).entrySet()) {
            String permission = entry.getKey();
            if (entry.getValue() == GRANTED) {
                text.append(permission).append(" granted\n");
            } else if (refused.contains(permission)) {
                text.append(permission).append(" denied\n");
            }
        }
        Path aside = store.resolveSibling(store.getFileName() + ".partial");
        try {
            Files.writeString(aside, text, StandardCharsets.UTF_8);
            Files.move(aside, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("harness-lab: cannot write " + store, e);
        }
    }

    @Override
    public int check(String permission) {
        if (PermissionGroups.of(permission) == null) {
            return GRANTED;
        }
        return granted.getOrDefault(permission, DENIED);
    }

    @Override
    public boolean shouldShowRationale(String permission) {
        return refused.contains(permission);
    }

    @Override
    public void request(String[] permissions, Consumer<int[]> done) {
        waiting.add(new Request(permissions, done));
        if (!asking) {
            next();
        }
    }

    private void next() {
        Request request = waiting.poll();
        if (request == null) {
            asking = false;
            return;
        }
        asking = true;
        // The groups still to ask about, in the order the app listed their permissions.
        Map<PermissionGroups.Group, List<String>> pages = new LinkedHashMap<>();
        for (String permission : request.permissions()) {
            PermissionGroups.Group group = PermissionGroups.of(permission);
            if (group != null && check(permission) != GRANTED && !refused.contains(permission)) {
                pages.computeIfAbsent(group, g -> new ArrayList<>()).add(permission);
            }
        }
        ask(request, new ArrayList<>(pages.entrySet()), 0);
    }

    private void ask(Request request, List<Map.Entry<PermissionGroups.Group, List<String>>> pages, int page) {
        if (page == pages.size()) {
            window.dismissSystemDialog();
            int[] results = new int[request.permissions().length];
            for (int i = 0; i < results.length; i++) {
                results[i] = check(request.permissions()[i]);
            }
            // Android answers asynchronously, even when no dialog was needed: after the
            // current task (never inside requestPermissions), before any later UI request.
            post.accept(() -> {
                request.done().accept(results);
                next();
            });
            return;
        }
        Map.Entry<PermissionGroups.Group, List<String>> current = pages.get(page);
        window.showSystemDialog(PermissionDialog.of(current.getKey(), appLabel, page, pages.size(), answer -> {
            record(current.getValue(), answer);
            ask(request, pages, page + 1);
        }));
    }

    private void record(List<String> permissions, PermissionDialog.Answer answer) {
        for (String permission : permissions) {
            switch (answer) {
                case ALLOW, ALLOW_FOREGROUND, ONE_TIME -> {
                    granted.put(permission, GRANTED);
                    refused.remove(permission);
                }
                case DENY -> {
                    granted.put(permission, DENIED);
                    refused.add(permission);
                }
                case CANCEL -> granted.put(permission, DENIED);
            }
        }
        save();
    }
}
