// Host-lab UI: one view in a screen, with the attributes a uiautomator dump shows and an
// optional click handler. Built with fluent setters and then only read: a screen is replaced
// as a whole, never edited in place, and only on the main thread.
package harness.lab.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class Node {
    public static final String FRAME_LAYOUT = "android.widget.FrameLayout";
    public static final String LINEAR_LAYOUT = "android.widget.LinearLayout";
    public static final String TEXT_VIEW = "android.widget.TextView";
    public static final String BUTTON = "android.widget.Button";

    private final String className;
    private String text = "";
    private String resourceId = "";
    private String contentDesc = "";
    private boolean clickable;
    private boolean enabled = true;
    private boolean scrollable;
    private Bounds bounds = Bounds.SCREEN;
    private Runnable onClick;
    private final List<Node> children = new ArrayList<>();

    private Node(String className) {
        this.className = className;
    }

    public static Node of(String className) {
        return new Node(className);
    }

    public static Node textView(String text) {
        return new Node(TEXT_VIEW).text(text);
    }

    public static Node button(String text, String resourceId, Runnable onClick) {
        return new Node(BUTTON).text(text).id(resourceId).onClick(onClick);
    }

    public Node text(String value) {
        text = value;
        return this;
    }

    public Node id(String value) {
        resourceId = value;
        return this;
    }

    public Node desc(String value) {
        contentDesc = value;
        return this;
    }

    public Node enabled(boolean value) {
        enabled = value;
        return this;
    }

    public Node scrollable(boolean value) {
        scrollable = value;
        return this;
    }

    public Node bounds(int left, int top, int right, int bottom) {
        bounds = new Bounds(left, top, right, bottom);
        return this;
    }

    /** A click handler makes the node clickable, as setOnClickListener does on Android. */
    public Node onClick(Runnable handler) {
        onClick = handler;
        clickable = handler != null;
        return this;
    }

    public Node add(Node... kids) {
        Collections.addAll(children, kids);
        return this;
    }

    public String className() { return className; }
    public String text() { return text; }
    public String resourceId() { return resourceId; }
    public String contentDesc() { return contentDesc; }
    public boolean clickable() { return clickable; }
    public boolean enabled() { return enabled; }
    public boolean scrollable() { return scrollable; }
    public Bounds bounds() { return bounds; }
    public List<Node> children() { return Collections.unmodifiableList(children); }

    /** The deepest clickable node containing the point; later siblings are drawn on top. */
    public Node hit(int x, int y) {
        if (!bounds.contains(x, y)) {
            return null;
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            Node found = children.get(i).hit(x, y);
            if (found != null) {
                return found;
            }
        }
        return clickable ? this : null;
    }

    /** Runs the click handler, if the node is enabled (disabled views swallow clicks). */
    public void performClick() {
        if (enabled && onClick != null) {
            onClick.run();
        }
    }

    /** How a click reply names this node: resource-id, else text, else content-desc. */
    public String label() {
        if (!resourceId.isEmpty()) {
            return resourceId;
        }
        return text.isEmpty() ? contentDesc : text;
    }
}
