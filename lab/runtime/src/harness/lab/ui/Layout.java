// Host-lab UI: where each node of a screen is on the glass right now. A scroll container
// shifts its children up by its offset and clips them to its own bounds; children scrolled
// entirely out of view are left out, as a RecyclerView recycles them and uiautomator never sees
// them. Dumps, hit tests and screenshots all read this one placement, so they always agree.
package harness.lab.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class Layout {
    /** A node at its on-screen bounds (clipped), with its visible children. */
    public record Placed(Node node, Bounds bounds, List<Placed> children) {
        /** The deepest node containing the point that accepts the action; later siblings on top. */
        public Node hit(int x, int y, boolean longClick) {
            if (!bounds.contains(x, y)) {
                return null;
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                Node found = children.get(i).hit(x, y, longClick);
                if (found != null) {
                    return found;
                }
            }
            boolean accepts = longClick ? node.longClickable() : node.clickable();
            return accepts ? node : null;
        }

        /** The deepest scroll container containing the point, or null. */
        public Node scrollableAt(int x, int y) {
            if (!bounds.contains(x, y)) {
                return null;
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                Node found = children.get(i).scrollableAt(x, y);
                if (found != null) {
                    return found;
                }
            }
            return node.scrollable() ? node : null;
        }
    }

    private Layout() {}

    public static Placed place(Node root) {
        Placed placed = place(root, 0, Bounds.SCREEN);
        // The root always fills its window, even if it were clipped away.
        return placed != null ? placed : new Placed(root, root.bounds(), List.of());
    }

    private static Placed place(Node node, int shift, Bounds clip) {
        Bounds own = node.bounds();
        Bounds shown = intersect(
                new Bounds(own.left(), own.top() - shift, own.right(), own.bottom() - shift), clip);
        if (shown == null) {
            return null;
        }
        int childShift = shift + node.scrollY();
        Bounds childClip = node.scrollable() ? shown : clip;
        List<Placed> kids = new ArrayList<>();
        for (Node child : node.children()) {
            Placed p = place(child, childShift, childClip);
            if (p != null) {
                kids.add(p);
            }
        }
        return new Placed(node, shown, Collections.unmodifiableList(kids));
    }

    private static Bounds intersect(Bounds a, Bounds b) {
        int left = Math.max(a.left(), b.left());
        int top = Math.max(a.top(), b.top());
        int right = Math.min(a.right(), b.right());
        int bottom = Math.min(a.bottom(), b.bottom());
        if (right <= left || bottom <= top) {
            // Zero-size views (an empty layout) still exist on Android; keep those that sit
            // inside the clip, drop only what is scrolled out of it.
            boolean empty = a.right() <= a.left() || a.bottom() <= a.top();
            return empty && b.contains(a.left(), a.top()) ? a : null;
        }
        return new Bounds(left, top, right, bottom);
    }
}
