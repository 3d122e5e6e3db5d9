// Host-lab UI: a node's rectangle in screen pixels, [left,top][right,bottom] as uiautomator
// writes it. Right and bottom are exclusive, as Android's Rect.contains.
package harness.lab.ui;

public record Bounds(int left, int top, int right, int bottom) {
    public static final Bounds SCREEN = new Bounds(0, 0, Display.WIDTH, Display.HEIGHT);

    public boolean contains(int x, int y) {
        return x >= left && x < right && y >= top && y < bottom;
    }

    @Override
    public String toString() {
        return "[" + left + "," + top + "][" + right + "," + bottom + "]";
    }
}
