// Host-lab runtime: the identifiers of the host-lab "device".
//
// Every android.* stand-in returns its personal data through here, so one set of JVM
// properties (-Dharness.id.<category>=<value>, categories as in harness/model.py) decides
// what the app sees and what the traffic matcher looks for. Properties are read at call time,
// never cached in static initialisers: the Frida agent loads these classes before main().
package harness.lab;

import java.util.Map;

public final class LabIdentifiers {
    /** Fallbacks: the same values devices.yaml gives the host-lab device. */
    private static final Map<String, String> FALLBACK = Map.ofEntries(
            Map.entry("device_id", "867530912345678"),
            Map.entry("android_id", "5f3c2e8a1d9b7460"),
            Map.entry("imsi", "460001234567890"),
            Map.entry("phone_number", "+8613800138000"),
            Map.entry("sim_serial", "89860012345678901234"),
            Map.entry("serial", "HLAB0001XYZ"),
            Map.entry("mac_address", "02:1a:11:f0:5c:3e"),
            Map.entry("advertising_id", "38400000-8cf0-11bd-b23e-10b96e40000d"),
            Map.entry("location", "39.904211,116.407395"),
            Map.entry("installed_apps", "com.tencent.mm,com.eg.android.AlipayGphone,com.ss.android.ugc.aweme"),
            Map.entry("clipboard", "lab clipboard 剪贴板 4242"),
            // The Wi-Fi BSSID, the phone's Bluetooth address, "lac,cid" and "name:type".
            Map.entry("wifi_info", "f4:6d:04:9a:bc:de"),
            Map.entry("bluetooth", "f8:e4:3b:11:22:33"),
            Map.entry("cell_location", "10249,4660"),
            Map.entry("accounts", "labuser@gmail.com:com.google"));

    private LabIdentifiers() {}

    /** The value of one data category on this device. */
    public static String get(String category) {
        String value = System.getProperty("harness.id." + category);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        String fallback = FALLBACK.get(category);
        if (fallback == null) {
            throw new IllegalArgumentException("no host-lab identifier for category " + category);
        }
        return fallback;
    }
}
