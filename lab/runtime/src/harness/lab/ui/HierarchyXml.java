// Host-lab UI: the windows on the glass as uiautomator2's dump_hierarchy XML (the format of the
// real dumps in tests/fixtures/android/hierarchy/): same attributes, same order, two-space
// indentation, one root <node> per window (app first, then a system dialog over it).
package harness.lab.ui;

import java.util.List;

public final class HierarchyXml {
    private HierarchyXml() {}

    public static String of(Screen screen) {
        return of(List.of(new Window.Shown(screen, Layout.place(screen.root()))));
    }

    public static String of(List<Window.Shown> windows) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n");
        out.append("<hierarchy rotation=\"0\">\n");
        int index = 0;
        for (Window.Shown window : windows) {
            write(out, window.placed(), index++, window.screen().packageName(), 1);
        }
        out.append("</hierarchy>\n");
        return out.toString();
    }

    private static void write(StringBuilder out, Layout.Placed placed, int index, String pkg, int depth) {
        Node node = placed.node();
        String indent = "  ".repeat(depth);
        out.append(indent).append("<node");
        attr(out, "index", Integer.toString(index));
        attr(out, "text", node.shownText());
        attr(out, "resource-id", node.resourceId());
        attr(out, "class", node.className());
        attr(out, "package", pkg);
        attr(out, "content-desc", node.contentDesc());
        attr(out, "checkable", Boolean.toString(node.checkable()));
        attr(out, "checked", Boolean.toString(node.checked()));
        attr(out, "clickable", Boolean.toString(node.clickable()));
        attr(out, "enabled", Boolean.toString(node.enabled()));
        // A clickable view is focusable on Android (View.setOnClickListener sets both).
        attr(out, "focusable", Boolean.toString(node.focusable()));
        attr(out, "focused", Boolean.toString(node.focused()));
        attr(out, "scrollable", Boolean.toString(node.scrollable()));
        attr(out, "long-clickable", Boolean.toString(node.longClickable()));
        attr(out, "password", Boolean.toString(node.password()));
        attr(out, "selected", "false");
        attr(out, "bounds", placed.bounds().toString());
        if (placed.children().isEmpty()) {
            out.append(" />\n");
            return;
        }
        out.append(">\n");
        int i = 0;
        for (Layout.Placed child : placed.children()) {
            write(out, child, i++, pkg, depth + 1);
        }
        out.append(indent).append("</node>\n");
    }

    private static void attr(StringBuilder out, String name, String value) {
        out.append(' ').append(name).append("=\"");
        escape(out, value);
        out.append('"');
    }

    /** XML attribute escaping; newlines as character references, as uiautomator writes them. */
    static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> {
                    // Other control characters are not allowed in XML 1.0 at all: drop them.
                    if (c >= 0x20) {
                        out.append(c);
                    }
                }
            }
        }
    }
}
