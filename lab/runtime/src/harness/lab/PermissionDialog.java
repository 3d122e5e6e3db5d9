// Host-lab runtime: the system runtime-permission dialog, as Android 12's PermissionController
// shows it: package com.google.android.permissioncontroller, resource ids with the AOSP prefix
// com.android.permissioncontroller:id/ (grant_dialog, permission_message, and the
// permission_allow_foreground_only_button / permission_allow_one_time_button /
// permission_allow_button / permission_deny_button buttons), zh-CN wording.
package harness.lab;

import harness.lab.ui.Node;
import harness.lab.ui.Screen;
import java.util.function.Consumer;

final class PermissionDialog {
    static final String PACKAGE = "com.google.android.permissioncontroller";
    private static final String ID = "com.android.permissioncontroller:id/";

    /** The user's answer; CANCEL is BACK (denied now, but not remembered as a refusal). */
    enum Answer { ALLOW, ALLOW_FOREGROUND, ONE_TIME, DENY, CANCEL }

    private PermissionDialog() {}

    static Screen of(PermissionGroups.Group group, String appLabel, int page, int pages, Consumer<Answer> answer) {
        Node dialog = Node.of(Node.LINEAR_LAYOUT).id(ID + "grant_dialog").background(0xFFFFFF)
                .bounds(66, 1000, 1014, 1880);
        dialog.add(Node.of(Node.IMAGE_VIEW).id(ID + "permission_icon").bounds(492, 1060, 588, 1156));
        if (pages > 1) {
            dialog.add(Node.textView(page + 1 + "/" + pages).id(ID + "current_page_text")
                    .bounds(132, 1160, 948, 1210));
        }
        dialog.add(Node.textView("要允许“" + appLabel + "”" + group.question() + "吗？")
                .id(ID + "permission_message").bounds(132, 1220, 948, 1400));
        if (group.style() == PermissionGroups.Style.FOREGROUND) {
            dialog.add(
                    Node.button("仅在使用该应用时允许", ID + "permission_allow_foreground_only_button",
                            () -> answer.accept(Answer.ALLOW_FOREGROUND)).bounds(132, 1440, 948, 1560),
                    Node.button("仅限这一次", ID + "permission_allow_one_time_button",
                            () -> answer.accept(Answer.ONE_TIME)).bounds(132, 1580, 948, 1700),
                    Node.button("不允许", ID + "permission_deny_button",
                            () -> answer.accept(Answer.DENY)).bounds(132, 1720, 948, 1840));
        } else {
            dialog.add(
                    Node.button("允许", ID + "permission_allow_button",
                            () -> answer.accept(Answer.ALLOW)).bounds(132, 1580, 948, 1700),
                    Node.button("不允许", ID + "permission_deny_button",
                            () -> answer.accept(Answer.DENY)).bounds(132, 1720, 948, 1840));
        }
        Node root = Node.of(Node.FRAME_LAYOUT).add(
                Node.of(Node.FRAME_LAYOUT).id("android:id/content").add(dialog));
        return Screen.of("permission_dialog", PACKAGE, root).withOnBack(() -> answer.accept(Answer.CANCEL));
    }
}
