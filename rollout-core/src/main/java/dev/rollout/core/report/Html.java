package dev.rollout.core.report;

import java.util.Locale;

/** Escaping for text and attribute values of HTML and inline SVG: every untrusted string goes here. */
final class Html {
    private Html() {
    }

    /**
     * The text with {@code & < > " '} replaced by entities, so it is inert both as element text and
     * inside a quoted attribute; control characters other than tab and newline are dropped.
     */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A coordinate or size for SVG, with a dot whatever the default locale. */
    public static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A value as a person reads it: up to four significant decimals, no trailing zeros. */
    public static String value(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        String s = String.format(Locale.ROOT, "%.4f", value);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** {@code 1h02m03s}, {@code 4m05s}, {@code 6s}: elapsed time since the timeline's start. */
    public static String elapsed(long millis) {
        long seconds = Math.max(0, millis) / 1000;
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60,
                    seconds % 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (millis % 1000 != 0 && seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return seconds + "s";
    }
}
