// Host-lab runtime: the UI protocol's requests and replies (one JSON object per line), see
// lab/README.md. Every operation runs on the app's main thread; an action (click, key,
// foreground) takes its timestamp there, hands the reply over, and only then runs the app's
// handler, so the time is the instant the app reacts and a slow handler never delays the reply.
package harness.lab;

import harness.lab.ui.HierarchyXml;
import harness.lab.ui.Node;
import harness.lab.ui.Window;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

final class UiProtocol {
    /** Like Android's "application not responding" delay, but roomier for slow lab hosts. */
    private static final long MAIN_THREAD_TIMEOUT_SECONDS = 20;

    record Reply(Map<String, Object> body, boolean quit) {}

    private record Dispatch(Map<String, Object> reply, Runnable effect) {}

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private final Window window;
    private final MainLoop loop;

    UiProtocol(Window window, MainLoop loop) {
        this.window = window;
        this.loop = loop;
    }

    Reply handle(String line) {
        try {
            Object parsed = Json.parse(line);
            if (!(parsed instanceof Map<?, ?> request)) {
                throw new BadRequest("a request is a JSON object");
            }
            if (!(request.get("op") instanceof String op)) {
                throw new BadRequest("a request needs a string \"op\"");
            }
            return new Reply(answer(op, request), op.equals("quit"));
        } catch (IllegalArgumentException | BadRequest e) {
            return error(e.getMessage());
        } catch (TimeoutException e) {
            return error("the app's main thread did not answer within "
                    + MAIN_THREAD_TIMEOUT_SECONDS + " s (busy or hung)");
        } catch (ExecutionException e) {
            return error("lab runtime error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted");
        }
    }

    private Map<String, Object> answer(String op, Map<?, ?> request)
            throws BadRequest, TimeoutException, ExecutionException, InterruptedException {
        switch (op) {
            case "dump":
                return onMain(() -> ok("xml", HierarchyXml.of(window.visible())));
            case "state":
                return onMain(() -> {
                    Map<String, Object> reply = ok("foreground", window.isForeground());
                    reply.put("screen", window.current().name());
                    reply.put("package", window.packageName());
                    return reply;
                });
            case "click":
                int x = coordinate(request, "x");
                int y = coordinate(request, "y");
                return act(() -> {
                    Node hit = window.visible().root().hit(x, y);
                    Map<String, Object> reply = ok("ts", LabClock.nowMillis());
                    reply.put("hit", hit == null ? "" : hit.label());
                    return new Dispatch(reply, hit == null ? () -> {} : hit::performClick);
                });
            case "key":
                Runnable effect = keyEffect(request.get("key"));
                return act(() -> new Dispatch(ok("ts", LabClock.nowMillis()), effect));
            case "foreground":
                return act(() -> new Dispatch(ok("ts", LabClock.nowMillis()), window::toForeground));
            case "quit":
                return new LinkedHashMap<>(Map.of("ok", true));
            default:
                throw new BadRequest("unknown op \"" + op + "\"");
        }
    }

    private Runnable keyEffect(Object key) throws BadRequest {
        if ("BACK".equals(key)) return window::back;
        if ("HOME".equals(key)) return window::toBackground;
        if ("ENTER".equals(key)) return () -> {}; // no text field has focus in lab apps yet
        throw new BadRequest("key must be BACK, HOME or ENTER, not " + key);
    }

    private static int coordinate(Map<?, ?> request, String name) throws BadRequest {
        if (request.get(name) instanceof Number n && Double.isFinite(n.doubleValue())) {
            return (int) Math.round(n.doubleValue());
        }
        throw new BadRequest("click needs a number \"" + name + "\"");
    }

    private Map<String, Object> onMain(Supplier<Map<String, Object>> query)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        loop.post(() -> {
            try {
                reply.complete(query.get());
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        });
        return reply.get(MAIN_THREAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Map<String, Object> act(Supplier<Dispatch> decide)
            throws TimeoutException, ExecutionException, InterruptedException {
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        loop.post(() -> {
            Dispatch dispatch;
            try {
                dispatch = decide.get();
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
                return;
            }
            reply.complete(dispatch.reply());
            // App code: an exception here escapes to the main loop and crashes the app.
            dispatch.effect().run();
        });
        return reply.get(MAIN_THREAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        reply.put(key, value);
        return reply;
    }

    private static Reply error(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("error", message);
        return new Reply(body, false);
    }
}
