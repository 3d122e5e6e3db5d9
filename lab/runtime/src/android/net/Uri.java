// Host-lab stand-in for android.net.Uri: parse() and the parts hook catalogs classify by
// (the authority of content:// URIs). toString() is the text it was parsed from, as on Android.
package android.net;

import java.net.URI;
import java.net.URISyntaxException;

public final class Uri {
    private final String text;
    private final URI parsed;

    private Uri(String text, URI parsed) {
        this.text = text;
        this.parsed = parsed;
    }

    public static Uri parse(String text) {
        try {
            return new Uri(text, new URI(text));
        } catch (URISyntaxException e) {
            return new Uri(text, null);
        }
    }

    public String getScheme() {
        return parsed == null ? null : parsed.getScheme();
    }

    public String getAuthority() {
        return parsed == null ? null : parsed.getRawAuthority();
    }

    public String getPath() {
        return parsed == null ? null : parsed.getPath();
    }

    @Override
    public String toString() {
        return text;
    }
}
