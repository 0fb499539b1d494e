package dev.jwtfilter.internal;

/** Makes untrusted text (claim values echoed in library messages) safe for one log line. Not API. */
public final class LogText {
    private static final int MAX_LENGTH = 200;

    private LogText() {
    }

    /** @return the text with control characters replaced by {@code ?}, cut to 200 characters */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > MAX_LENGTH ? out.append("...").toString() : out.toString();
    }
}
