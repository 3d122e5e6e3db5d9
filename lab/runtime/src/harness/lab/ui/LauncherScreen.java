// Host-lab UI: the home screen shown while the app is in the background: a Launcher3-like
// hierarchy (package com.android.launcher3) whose only live icon brings the app back.
package harness.lab.ui;

final class LauncherScreen {
    static final String PACKAGE = "com.android.launcher3";

    private LauncherScreen() {}

    static Screen of(String appLabel, Runnable openApp) {
        Node icon = Node.textView(appLabel).desc(appLabel).bounds(60, 1900, 300, 2180).onClick(openApp);
        Node workspace = Node.of("android.widget.ScrollView")
                .id(PACKAGE + ":id/workspace")
                .scrollable(true)
                .bounds(0, 132, 1080, 2200)
                .add(Node.of("android.view.ViewGroup").bounds(0, 132, 1080, 2200).add(
                        Node.textView("").id(PACKAGE + ":id/search_container_workspace")
                                .desc("Search").bounds(60, 200, 1020, 340),
                        icon));
        Node root = Node.of(Node.FRAME_LAYOUT).add(
                Node.of(Node.FRAME_LAYOUT).id(PACKAGE + ":id/drag_layer").add(workspace));
        return Screen.of("launcher", PACKAGE, root);
    }
}
