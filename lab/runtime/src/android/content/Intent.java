// Host-lab stand-in for android.content.Intent: an action and categories (what
// queryIntentActivities matches on).
package android.content;

import java.util.LinkedHashSet;
import java.util.Set;

public class Intent {
    public static final String ACTION_MAIN = "android.intent.action.MAIN";
    public static final String CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER";

    private final String action;
    private final Set<String> categories = new LinkedHashSet<>();

    public Intent(String action) {
        this.action = action;
    }

    public Intent addCategory(String category) {
        categories.add(category);
        return this;
    }

    public String getAction() {
        return action;
    }

    @Override
    public String toString() {
        return "Intent { act=" + action + " cat=" + categories + " }";
    }
}
