// Host-lab stand-in for android.content.Intent: an action, categories, a target package and a
// target component (an explicit intent), as Android's. toString() is AOSP's form
// ("Intent { act=… cat=[…] pkg=… cmp=pkg/.Cls }"): the agent records arguments by
// toString(), so the harness reads a component start's target from it as on a phone.
package android.content;

import java.util.LinkedHashSet;
import java.util.Set;

public class Intent {
    public static final String ACTION_MAIN = "android.intent.action.MAIN";
    public static final String ACTION_VIEW = "android.intent.action.VIEW";
    public static final String ACTION_BOOT_COMPLETED = "android.intent.action.BOOT_COMPLETED";
    public static final String CATEGORY_LAUNCHER = "android.intent.category.LAUNCHER";

    private String action;
    private final Set<String> categories = new LinkedHashSet<>();
    private String packageName;
    private ComponentName component;

    public Intent() {}

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

    public Intent setAction(String action) {
        this.action = action;
        return this;
    }

    public Intent setPackage(String packageName) {
        this.packageName = packageName;
        return this;
    }

    public String getPackage() {
        return packageName;
    }

    public Intent setComponent(ComponentName component) {
        this.component = component;
        return this;
    }

    public Intent setClassName(String packageName, String className) {
        return setComponent(new ComponentName(packageName, className));
    }

    public ComponentName getComponent() {
        return component;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Intent { ");
        String sep = "";
        if (action != null) {
            b.append("act=").append(action);
            sep = " ";
        }
        if (!categories.isEmpty()) {
            b.append(sep).append("cat=[").append(String.join(",", categories)).append(']');
            sep = " ";
        }
        if (packageName != null) {
            b.append(sep).append("pkg=").append(packageName);
            sep = " ";
        }
        if (component != null) {
            b.append(sep).append("cmp=").append(component.flattenToShortString());
        }
        return b.append(" }").toString();
    }
}
