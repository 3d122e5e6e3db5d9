// Host-lab stand-in for android.content.ActivityNotFoundException: what startActivity throws
// when no installed app has the activity (the lab phone has no other apps).
package android.content;

public class ActivityNotFoundException extends RuntimeException {
    public ActivityNotFoundException(String message) {
        super(message);
    }
}
