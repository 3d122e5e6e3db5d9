// Host-lab UI: a screen as uiautomator2's dump_hierarchy XML (the format of the real dumps in
// shared/reference/hierarchy/): same attributes, same order, two-space indentation.
package harness.lab.ui;

public final class HierarchyXml {
    private HierarchyXml() {}

    public static String of(Screen screen) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n");
        out.append("<hierarchy rotation=\"0\">\n");
        write(out, screen.root(), 0, screen.packageName(), 1);
        out.append("</hierarchy>\n");
        return out.toString();
    }

    private static void write(StringBuilder out, Node node, int index, String pkg, int depth) {
        String indent = "  ".repeat(depth);
        out.append(indent).append("<node");
        attr(out, "index", Integer.toString(index));
        attr(out, "text", node.text());
        attr(out, "resource-id", node.resourceId());
        attr(out, "class", node.className());
        attr(out, "package", pkg);
        attr(out, "content-desc", node.contentDesc());
        attr(out, "checkable", "false");
        attr(out, "checked", "false");
        attr(out, "clickable", Boolean.toString(node.clickable()));
        attr(out, "enabled", Boolean.toString(node.enabled()));
        // A clickable view is focusable on Android (View.setOnClickListener sets both).
        attr(out, "focusable", Boolean.toString(node.clickable()));
        attr(out, "focused", "false");
        attr(out, "scrollable", Boolean.toString(node.scrollable()));
        attr(out, "long-clickable", "false");
        attr(out, "password", "false");
        attr(out, "selected", "false");
        attr(out, "bounds", node.bounds().toString());
        if (node.children().isEmpty()) {
            out.append(" />\n");
            return;
        }
        out.append(">\n");
        int i = 0;
        for (Node child : node.children()) {
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
