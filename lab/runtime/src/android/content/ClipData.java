// Host-lab stand-in for android.content.ClipData with its nested Item (ClipData$Item).
package android.content;

import java.util.List;

public class ClipData {
    private final CharSequence label;
    private final List<Item> items;

    private ClipData(CharSequence label, List<Item> items) {
        this.label = label;
        this.items = items;
    }

    public static ClipData newPlainText(CharSequence label, CharSequence text) {
        return new ClipData(label, List.of(new Item(text)));
    }

    public int getItemCount() {
        return items.size();
    }

    public Item getItemAt(int index) {
        return items.get(index);
    }

    @Override
    public String toString() {
        return "ClipData{" + label + ": " + items + "}";
    }

    public static class Item {
        private final CharSequence text;

        public Item(CharSequence text) {
            this.text = text;
        }

        public CharSequence getText() {
            return text;
        }

        @Override
        public String toString() {
            return "Item{" + text + "}";
        }
    }
}
