// Host-lab stand-in for android.content.ClipDescription: a clip's label and MIME type.
package android.content;

public class ClipDescription {
    public static final String MIMETYPE_TEXT_PLAIN = "text/plain";

    private final CharSequence label;

    public ClipDescription(CharSequence label) {
        this.label = label;
    }

    public CharSequence getLabel() {
        return label;
    }

    public String getMimeType(int index) {
        return MIMETYPE_TEXT_PLAIN;
    }

    @Override
    public String toString() {
        return "ClipDescription{" + label + " " + MIMETYPE_TEXT_PLAIN + "}";
    }
}
