package dev.jwtfilter.internal;

/** Makes untrusted text (claim values echoed in library messages) safe for one log line. Not API. */
public final class LogText {
    private static final int MAX_LENGTH = 200;

    private LogText() {}

    /**
     * @param text the text to clean; {@code null} gives an empty string
     * @return the text cut to 200 characters, with {@code ?} for every character that could break the line or
     *         hide what it says: control characters (CR, LF, ESC...), the line and paragraph separators U+2028
     *         and U+2029 (line breaks to many log viewers), the Unicode format characters, which hold every
     *         bidirectional control (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069: "Trojan Source"
     *         reordering) and the invisible ones (zero-width, tags), and unpaired surrogates
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        int i = 0;
        while (i < text.length() && i < MAX_LENGTH) {
            int codePoint = text.codePointAt(i);
            out.appendCodePoint(unsafe(codePoint) ? '?' : codePoint);
            i += Character.charCount(codePoint);
        }
        return i < text.length() ? out.append("...").toString() : out.toString();
    }

    private static boolean unsafe(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }
}
