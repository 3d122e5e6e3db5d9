// Host-lab stand-in for android.content.ContentValues: column -> value.
package android.content;

import java.util.LinkedHashMap;
import java.util.Map;

public final class ContentValues {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public void put(String key, String value) {
        values.put(key, value);
    }

    public int size() {
        return values.size();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
