// Lab app 天气通: its "weather sync", a daemon thread that reads the Android ID at once and then
// every 4 s and POSTs it to the app's own server. Nothing stops it once started. 4 s keeps it
// under the frequency rule's limit (at most 8 reads in any 30 s window against 10 allowed).
package com.harnesslab.sunny;

import android.content.Context;
import android.provider.Settings;
import harness.lab.FormPost;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

final class Heartbeat implements Runnable {
    private static final String URL = "https://api.harnesslab.com/sunny/sync";
    private static final long PERIOD_MS = 4000;

    private final Context context;

    private Heartbeat(Context context) {
        this.context = context;
    }

    static Heartbeat start(Context context) {
        Heartbeat beat = new Heartbeat(context);
        Thread thread = new Thread(beat, "sunny-sync");
        thread.setDaemon(true);
        thread.start();
        return beat;
    }

    @Override
    public void run() {
        while (true) {
            sync();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sync() {
        String androidId = Settings.Secure.getString(context.getContentResolver(), Settings.Secure.ANDROID_ID);
        String body = "device=" + URLEncoder.encode(androidId == null ? "" : androidId, StandardCharsets.UTF_8);
        try {
            FormPost.send(URL, body);
        } catch (IOException e) {
            System.err.println("sunny: sync failed: " + e);
        }
    }
}
