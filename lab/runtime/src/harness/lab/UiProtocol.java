// Host-lab runtime: the UI protocol's requests and replies (one JSON object per line), see
// lab/README.md. Every operation runs on the app's main thread; an action (click, key,
// foreground) takes its timestamp there, hands the reply over, and only then runs the app's
// handler, so the time is the instant the app reacts and a slow handler never delays the reply.
// Swipes and text input change only the view system's own state (scroll offset, field text),
// which the reply can already report.
package harness.lab;

import harness.lab.ui.HierarchyXml;
import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import harness.lab.ui.ScreenRenderer;
import harness.lab.ui.Window;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
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
    private String lastShotKey = "";
    private String lastShot = "";

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
                return onMain(() -> ok("xml", HierarchyXml.of(window.shown())));
            case "screenshot":
                return onMain(() -> ok("png", screenshot()));
            case "state":
                return onMain(() -> {
                    Map<String, Object> reply = ok("foreground", window.isForeground());
                    reply.put("screen", window.current().name());
                    reply.put("package", window.packageName());
                    Screen dialog = window.systemDialog();
                    reply.put("dialog", dialog == null ? "" : dialog.name());
                    return reply;
                });
            case "click":
            case "long_click": {
                int x = coordinate(request, "x", op);
                int y = coordinate(request, "y", op);
                boolean longClick = op.equals("long_click");
                return act(() -> {
                    Node hit = window.tapTarget(x, y, longClick);
                    Map<String, Object> reply = ok("ts", LabClock.nowMillis());
                    reply.put("hit", hit == null ? "" : hit.label());
                    Runnable effect = hit == null ? () -> {}
                            : longClick ? hit::performLongClick : hit::performClick;
                    return new Dispatch(reply, effect);
                });
            }
            case "swipe": {
                int x1 = coordinate(request, "x1", op);
                int y1 = coordinate(request, "y1", op);
                coordinate(request, "x2", op);
                int y2 = coordinate(request, "y2", op);
                return act(() -> {
                    Map<String, Object> reply = ok("ts", LabClock.nowMillis());
                    // The finger moving up by d scrolls the content down by d.
                    reply.put("scrolled", window.scroll(x1, y1, y1 - y2));
                    return new Dispatch(reply, () -> {});
                });
            }
            case "input": {
                if (!(request.get("text") instanceof String text)) {
                    throw new BadRequest("input needs a string \"text\"");
                }
                boolean clear = !Boolean.FALSE.equals(request.get("clear"));
                return act(() -> {
                    Node field = window.focused();
                    Map<String, Object> reply = ok("ts", LabClock.nowMillis());
                    reply.put("field", field == null ? "" : field.label());
                    if (field != null) {
                        field.input(text, clear);
                    }
                    return new Dispatch(reply, () -> {});
                });
            }
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

    /**
     * The screen as base64 PNG. Encoding a 1080x2340 PNG costs far more than a dump, and a
     * scenario often shoots an unchanged screen again, so the last one is kept, keyed by what
     * it draws (main thread only, like the window).
     */
    private String screenshot() {
        List<Window.Shown> shown = window.shown();
        String key = ScreenRenderer.key(shown);
        if (!key.equals(lastShotKey)) {
            lastShot = Base64.getEncoder().encodeToString(ScreenRenderer.png(shown));
            lastShotKey = key;
        }
        return lastShot;
    }

    private Runnable keyEffect(Object key) throws BadRequest {
        if ("BACK".equals(key)) return window::back;
        if ("HOME".equals(key)) return window::toBackground;
        if ("ENTER".equals(key)) {
            return () -> {
                Node field = window.focused();
                if (field != null) {
                    field.submit(); // the IME action of the focused field ("search", "done")
                }
            };
        }
        throw new BadRequest("key must be BACK, HOME or ENTER, not " + key);
    }

    private static int coordinate(Map<?, ?> request, String name, String op) throws BadRequest {
        if (request.get(name) instanceof Number n && Double.isFinite(n.doubleValue())) {
            return (int) Math.round(n.doubleValue());
        }
        throw new BadRequest(op + " needs a number \"" + name + "\"");
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
