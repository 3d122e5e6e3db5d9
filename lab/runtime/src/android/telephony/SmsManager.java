// Host-lab stand-in for android.telephony.SmsManager: "sends" nothing. The public senders go
// through the internal ones, as on Android (where the internal ones are private), so hooks on
// both layers see one send twice unless they group them (the catalog does). Without SEND_SMS
// every send throws SecurityException (harness.lab.LabPlatform).
package android.telephony;

import android.app.PendingIntent;
import harness.lab.LabPlatform;
import java.util.ArrayList;
import java.util.List;

public final class SmsManager {
    private static final SmsManager DEFAULT = new SmsManager();
    private final List<String> sent = new ArrayList<>();

    private SmsManager() {}

    public static SmsManager getDefault() {
        return DEFAULT;
    }

    public void sendTextMessage(String destination, String scAddress, String text,
            PendingIntent sentIntent, PendingIntent deliveryIntent) {
        sendTextMessageInternal(destination, scAddress, text, sentIntent, deliveryIntent, true);
    }

    public void sendMultipartTextMessage(String destination, String scAddress, ArrayList<String> parts,
            ArrayList<PendingIntent> sentIntents, ArrayList<PendingIntent> deliveryIntents) {
        sendMultipartTextMessageInternal(destination, scAddress, parts, sentIntents, deliveryIntents, true);
    }

    public void sendDataMessage(String destination, String scAddress, short port, byte[] data,
            PendingIntent sentIntent, PendingIntent deliveryIntent) {
        record(destination, "data:" + data.length + "@" + port);
    }

    public void sendTextMessageWithSelfPermissions(String destination, String scAddress, String text,
            PendingIntent sentIntent, PendingIntent deliveryIntent, boolean persist) {
        record(destination, text);
    }

    public void sendDataMessageWithSelfPermissions(String destination, String scAddress, short port,
            byte[] data, PendingIntent sentIntent, PendingIntent deliveryIntent) {
        record(destination, "data:" + data.length + "@" + port);
    }

    public void sendTextMessageInternal(String destination, String scAddress, String text,
            PendingIntent sentIntent, PendingIntent deliveryIntent, boolean persist) {
        record(destination, text);
    }

    public void sendMultipartTextMessageInternal(String destination, String scAddress, List<String> parts,
            List<PendingIntent> sentIntents, List<PendingIntent> deliveryIntents, boolean persist) {
        record(destination, String.join("", parts));
    }

    private synchronized void record(String destination, String what) {
        // Where AOSP checks: every send ends here; SEND_SMS or SecurityException.
        LabPlatform.enforceAny(LabPlatform.processContext("Sending SMS message"), "Sending SMS message",
                "android.permission.SEND_SMS");
        sent.add(destination + ": " + what);
    }
}
