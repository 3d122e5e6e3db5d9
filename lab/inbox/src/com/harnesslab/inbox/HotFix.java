// Inbox lab app: a stand-in for a hot-fix step at first start (patch "applied", then the app
// restarts itself so the patch takes effect). It reads nothing.
package com.harnesslab.inbox;

final class HotFix {
    private HotFix() {}

    static void apply() {
        System.err.println("inbox: patch applied, restarting");
    }
}
