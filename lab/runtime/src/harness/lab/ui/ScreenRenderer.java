// Host-lab UI: a screenshot of the windows on the glass, drawn with headless AWT
// (java.awt.headless=true, set by LabLauncher) and encoded as PNG. It draws what a dump shows,
// from the same placement (Layout): backgrounds, buttons, text fields and wrapped text, with a
// dimmed scrim under a system dialog. Not a pixel copy of Android, but the screen a person
// checking the evidence needs to see.
package harness.lab.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

public final class ScreenRenderer {
    private static final Color TEXT = new Color(0x21, 0x21, 0x21);
    private static final Color HINT = new Color(0x9E, 0x9E, 0x9E);
    private static final Color BUTTON = new Color(0xE8, 0xEA, 0xED);
    private static final Color BUTTON_DISABLED = new Color(0xF1, 0xF3, 0xF4);
    private static final Color ACCENT = new Color(0x1A, 0x73, 0xE8);
    private static final Color SCRIM = new Color(0, 0, 0, 0x66);
    private static final Color STATUS_BAR = new Color(0xF5, 0xF5, 0xF5);
    // Logical font: fontconfig supplies CJK glyphs when a CJK font is installed.
    private static final String FAMILY = Font.SANS_SERIF;

    private ScreenRenderer() {}

    /** What a screenshot of these windows depends on: the dump's content and the fills. */
    public static String key(List<Window.Shown> windows) {
        StringBuilder fills = new StringBuilder();
        for (Window.Shown window : windows) {
            fills(window.placed(), fills);
        }
        return HierarchyXml.of(windows) + fills;
    }

    private static void fills(Layout.Placed placed, StringBuilder out) {
        out.append(placed.node().background()).append(',');
        for (Layout.Placed child : placed.children()) {
            fills(child, out);
        }
    }

    public static byte[] png(List<Window.Shown> windows) {
        BufferedImage image = new BufferedImage(Display.WIDTH, Display.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, Display.WIDTH, Display.HEIGHT);
            g.setColor(STATUS_BAR);
            g.fillRect(0, 0, Display.WIDTH, 132);
            for (int i = 0; i < windows.size(); i++) {
                if (i > 0) {
                    g.setColor(SCRIM);
                    g.fillRect(0, 0, Display.WIDTH, Display.HEIGHT);
                }
                draw(g, windows.get(i).placed());
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Layout.Placed placed) {
        Node node = placed.node();
        Bounds b = placed.bounds();
        Shape clip = g.getClip();
        g.clipRect(b.left(), b.top(), b.right() - b.left(), b.bottom() - b.top());
        if (node.background() >= 0) {
            g.setColor(new Color(node.background()));
            g.fillRoundRect(b.left(), b.top(), b.right() - b.left(), b.bottom() - b.top(), 32, 32);
        }
        if (node.className().equals(Node.BUTTON)) {
            g.setColor(node.enabled() ? BUTTON : BUTTON_DISABLED);
            g.fillRoundRect(b.left() + 4, b.top() + 4, b.right() - b.left() - 8, b.bottom() - b.top() - 8, 40, 40);
            text(g, node.shownText(), b, true, node.enabled() ? ACCENT : HINT);
        } else if (node.isEditText()) {
            g.setColor(node.focused() ? ACCENT : HINT);
            g.setStroke(new BasicStroke(node.focused() ? 6 : 3));
            g.drawLine(b.left() + 8, b.bottom() - 8, b.right() - 8, b.bottom() - 8);
            text(g, node.shownText(), b, false, node.text().isEmpty() ? HINT : TEXT);
        } else if (node.className().equals(Node.IMAGE_VIEW)) {
            g.setColor(BUTTON);
            g.fillRect(b.left(), b.top(), b.right() - b.left(), b.bottom() - b.top());
        } else if (!node.shownText().isEmpty()) {
            text(g, node.shownText(), b, false, TEXT);
        } else if (!node.contentDesc().isEmpty() && node.children().isEmpty()) {
            text(g, node.contentDesc(), b, true, TEXT);
        }
        for (Layout.Placed child : placed.children()) {
            draw(g, child);
        }
        g.setClip(clip);
    }

    /** Text wrapped to the node's width; centred for buttons, else from the top left. */
    private static void text(Graphics2D g, String text, Bounds b, boolean centred, Color color) {
        int height = b.bottom() - b.top();
        int size = Math.max(24, Math.min(44, height * 2 / 5));
        g.setFont(new Font(FAMILY, Font.PLAIN, size));
        g.setColor(color);
        FontMetrics metrics = g.getFontMetrics();
        int padding = 16;
        List<String> lines = wrap(text, metrics, Math.max(1, b.right() - b.left() - 2 * padding));
        int lineHeight = metrics.getHeight();
        int y = centred
                ? b.top() + (height - lineHeight * lines.size()) / 2 + metrics.getAscent()
                : b.top() + padding + metrics.getAscent();
        for (String line : lines) {
            int x = centred ? b.left() + (b.right() - b.left() - metrics.stringWidth(line)) / 2 : b.left() + padding;
            g.drawString(line, x, y);
            y += lineHeight;
            if (y - metrics.getAscent() > b.bottom()) {
                break;
            }
        }
    }

    /** Breaks at any character (Chinese text has no spaces) and at newlines. */
    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < paragraph.length(); ) {
                int cp = paragraph.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                if (line.length() > 0 && metrics.stringWidth(line + ch) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(ch);
                i += Character.charCount(cp);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
