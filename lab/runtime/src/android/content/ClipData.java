// Host-lab stand-in for android.content.ClipData with its nested Item (ClipData$Item).
// toString() is Android's (before 13 redacts it): ClipData { text/plain "label" {T:text} }.
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
        StringBuilder b = new StringBuilder("ClipData { text/plain \"").append(label).append('"');
        for (Item item : items) {
            b.append(" {T:").append(item.getText()).append('}');
        }
        return b.append(" }").toString();
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
            return "ClipData.Item { T:" + text + " }";
        }
    }
}
