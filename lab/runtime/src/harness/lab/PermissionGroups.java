// Host-lab runtime: the dangerous runtime permissions the lab's permission controller asks
// about, grouped as Android groups them (one dialog per group; granting the group grants every
// permission of it that the app asked for), with the zh-CN wording of AOSP's
// PermissionController. Permissions not listed are "normal": granted without a dialog, as the
// install-time permissions an app declares are.
package harness.lab;

import java.util.Map;

final class PermissionGroups {
    /** How the dialog offers the grant: "while using the app / only this time" or "allow". */
    enum Style { FOREGROUND, ALLOW }

    record Group(String name, String question, Style style) {}

    private static final Group LOCATION = new Group("android.permission-group.LOCATION", "获取此设备的位置信息", Style.FOREGROUND);
    private static final Group CAMERA = new Group("android.permission-group.CAMERA", "拍摄照片和录制视频", Style.FOREGROUND);
    private static final Group MICROPHONE = new Group("android.permission-group.MICROPHONE", "录制音频", Style.FOREGROUND);
    private static final Group CONTACTS = new Group("android.permission-group.CONTACTS", "访问您的通讯录", Style.ALLOW);
    private static final Group PHONE = new Group("android.permission-group.PHONE", "拨打电话和管理通话", Style.ALLOW);
    private static final Group CALL_LOG = new Group("android.permission-group.CALL_LOG", "访问您的通话记录", Style.ALLOW);
    private static final Group SMS = new Group("android.permission-group.SMS", "发送和查看短信", Style.ALLOW);
    private static final Group CALENDAR = new Group("android.permission-group.CALENDAR", "访问您的日历", Style.ALLOW);
    private static final Group STORAGE = new Group("android.permission-group.STORAGE", "访问您设备上的照片、媒体内容和文件", Style.ALLOW);
    private static final Group NEARBY = new Group("android.permission-group.NEARBY_DEVICES", "查找、连接附近的设备以及确定其相对位置", Style.ALLOW);

    private static final Map<String, Group> BY_PERMISSION = Map.ofEntries(
            Map.entry("android.permission.ACCESS_FINE_LOCATION", LOCATION),
            Map.entry("android.permission.ACCESS_COARSE_LOCATION", LOCATION),
            Map.entry("android.permission.ACCESS_BACKGROUND_LOCATION", LOCATION),
            Map.entry("android.permission.CAMERA", CAMERA),
            Map.entry("android.permission.RECORD_AUDIO", MICROPHONE),
            Map.entry("android.permission.READ_CONTACTS", CONTACTS),
            Map.entry("android.permission.WRITE_CONTACTS", CONTACTS),
            Map.entry("android.permission.GET_ACCOUNTS", CONTACTS),
            Map.entry("android.permission.READ_PHONE_STATE", PHONE),
            Map.entry("android.permission.READ_PHONE_NUMBERS", PHONE),
            Map.entry("android.permission.CALL_PHONE", PHONE),
            Map.entry("android.permission.READ_CALL_LOG", CALL_LOG),
            Map.entry("android.permission.WRITE_CALL_LOG", CALL_LOG),
            Map.entry("android.permission.READ_SMS", SMS),
            Map.entry("android.permission.SEND_SMS", SMS),
            Map.entry("android.permission.RECEIVE_SMS", SMS),
            Map.entry("android.permission.READ_CALENDAR", CALENDAR),
            Map.entry("android.permission.WRITE_CALENDAR", CALENDAR),
            Map.entry("android.permission.READ_EXTERNAL_STORAGE", STORAGE),
            Map.entry("android.permission.WRITE_EXTERNAL_STORAGE", STORAGE),
            Map.entry("android.permission.BLUETOOTH_SCAN", NEARBY),
            Map.entry("android.permission.BLUETOOTH_CONNECT", NEARBY));

    private PermissionGroups() {}

    /** The group that guards a permission, or null for a normal permission. */
    static Group of(String permission) {
        return BY_PERMISSION.get(permission);
    }
}
