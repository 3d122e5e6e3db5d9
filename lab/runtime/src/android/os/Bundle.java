// Host-lab stand-in for android.os.Bundle: a string map (the query(..., Bundle, ...) overload).
package android.os;

import java.util.HashMap;
import java.util.Map;

public final class Bundle {
    private final Map<String, Object> values = new HashMap<>();

    public void putString(String key, String value) {
        values.put(key, value);
    }

    public String getString(String key) {
        Object value = values.get(key);
        return value == null ? null : value.toString();
    }

    @Override
    public String toString() {
        return "Bundle" + values;
    }
}
