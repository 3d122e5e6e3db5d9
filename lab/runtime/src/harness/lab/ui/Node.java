// Host-lab UI: one view in a screen, with the attributes a uiautomator dump shows and optional
// click, long-click and text handlers. Built with fluent setters; afterwards only the state a
// user changes is written (an EditText's text and focus, a scroll container's offset), and only
// on the main thread. Everything else about a screen is replaced as a whole.
//
// Bounds are in content coordinates: a child of a scrolled container is drawn, dumped and hit
// at its bounds shifted by the container's scroll offset (see Layout).
package harness.lab.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

public final class Node {
    public static final String FRAME_LAYOUT = "android.widget.FrameLayout";
    public static final String LINEAR_LAYOUT = "android.widget.LinearLayout";
    public static final String TEXT_VIEW = "android.widget.TextView";
    public static final String BUTTON = "android.widget.Button";
    public static final String EDIT_TEXT = "android.widget.EditText";
    public static final String SCROLL_VIEW = "android.widget.ScrollView";
    public static final String RECYCLER_VIEW = "androidx.recyclerview.widget.RecyclerView";
    public static final String IMAGE_VIEW = "android.widget.ImageView";
    public static final String CHECK_BOX = "android.widget.CheckBox";

    private final String className;
    private String text = "";
    private String hint = "";
    private String resourceId = "";
    private String contentDesc = "";
    private boolean clickable;
    private boolean focusable;
    private boolean focused;
    private boolean enabled = true;
    private boolean scrollable;
    private boolean password;
    private boolean checkable;
    private boolean checked;
    private int scrollY;
    private int background = -1;
    private Bounds bounds = Bounds.SCREEN;
    private Runnable onClick;
    private Runnable onLongClick;
    private Consumer<String> onSubmit;
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

    /** A text field: a tap focuses it, input replaces its text, ENTER submits it. */
    public static Node editText(String hint, String resourceId) {
        Node field = new Node(EDIT_TEXT).id(resourceId);
        field.hint = hint;
        field.clickable = true;
        field.focusable = true;
        return field;
    }

    /** A vertically scrolling container; its children may extend below its bounds. */
    public static Node scrollView(String className, String resourceId) {
        return new Node(className).id(resourceId).scrollable(true);
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

    /**
     * A tick box (a CheckBox with CHECK_BOX, or an ImageView drawn as one): `checkable` says
     * it has a ticked state, `checked` what it is. A click on a checkable node toggles it
     * before running the click handler, as CompoundButton.performClick does.
     */
    public Node checkable(boolean value) {
        checkable = value;
        return this;
    }

    public Node checked(boolean value) {
        checked = value;
        return this;
    }

    public Node scrollable(boolean value) {
        scrollable = value;
        return this;
    }

    public Node password(boolean value) {
        password = value;
        return this;
    }

    /** A fill colour (0xRRGGBB) for screenshots; -1 (the default) draws no background. */
    public Node background(int rgb) {
        background = rgb;
        return this;
    }

    public Node bounds(int left, int top, int right, int bottom) {
        bounds = new Bounds(left, top, right, bottom);
        return this;
    }

    /** A click handler makes the node clickable, as setOnClickListener does on Android. */
    public Node onClick(Runnable handler) {
        onClick = handler;
        clickable = handler != null || focusable;
        focusable = focusable || clickable;
        return this;
    }

    public Node onLongClick(Runnable handler) {
        onLongClick = handler;
        return this;
    }

    /** What ENTER does while this text field has focus (the IME's "search"/"done" action). */
    public Node onSubmit(Consumer<String> handler) {
        onSubmit = handler;
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
    public boolean longClickable() { return onLongClick != null; }
    public boolean focusable() { return focusable; }
    public boolean focused() { return focused; }
    public boolean enabled() { return enabled; }
    public boolean scrollable() { return scrollable; }
    public boolean password() { return password; }
    public boolean checkable() { return checkable; }
    public boolean checked() { return checked; }
    public boolean isEditText() { return className.equals(EDIT_TEXT); }
    public int scrollY() { return scrollY; }
    public int background() { return background; }
    public String hint() { return hint; }
    public Bounds bounds() { return bounds; }
    public List<Node> children() { return Collections.unmodifiableList(children); }

    /**
     * What a dump shows as the node's text. An empty field shows its hint, as
     * AccessibilityNodeInfo.getText() did before Android 8 and uiautomator dumps still often do;
     * a password field shows dots.
     */
    public String shownText() {
        if (isEditText() && text.isEmpty()) {
            return hint;
        }
        return password ? "•".repeat(text.length()) : text;
    }

    void setFocused(boolean value) {
        focused = value;
    }

    /** Scrolls by dy pixels within [0, content height - viewport]; returns how far it moved. */
    int scrollBy(int dy) {
        int max = Math.max(0, contentBottom() - bounds.bottom());
        int next = Math.max(0, Math.min(max, scrollY + dy));
        int moved = next - scrollY;
        scrollY = next;
        return moved;
    }

    private int contentBottom() {
        int bottom = bounds.bottom();
        for (Node child : children) {
            bottom = Math.max(bottom, child.bounds.bottom());
        }
        return bottom;
    }

    /** Runs the click handler, if the node is enabled (disabled views swallow clicks). */
    public void performClick() {
        if (enabled && checkable) {
            checked = !checked;
        }
        if (enabled && onClick != null) {
            onClick.run();
        }
    }

    public void performLongClick() {
        if (enabled && onLongClick != null) {
            onLongClick.run();
        }
    }

    /** Input into a text field: replaces (or appends to) its text. */
    public void input(String value, boolean clear) {
        text = clear ? value : text + value;
    }

    public void submit() {
        if (enabled && onSubmit != null) {
            onSubmit.accept(text);
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
