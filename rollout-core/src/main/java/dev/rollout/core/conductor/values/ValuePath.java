package dev.rollout.core.conductor.values;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses the paths {@link MergedValues} takes, spelled as the project spells field paths (and as
 * {@link MergedValues#leaves()} prints them): keys joined by dots, a key that is not simple
 * (dots, slashes, spaces, non-ASCII letters) in brackets and quotes, a list item by its index:
 * {@code image.tag}, {@code podAnnotations["prometheus.io/scrape"]}, {@code hosts[0]}.
 */
final class ValuePath {

    private ValuePath() {
    }

    /** The segments of {@code path}: {@code String} keys and {@code Integer} list indexes. */
    static List<Object> parse(String path) {
        Objects.requireNonNull(path, "dottedPath");
        if (path.isEmpty()) {
            throw invalid(path, "is empty");
        }
        List<Object> segments = new ArrayList<>();
        int i = 0;
        boolean needKey = true;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int close;
                if (i + 1 < path.length() && path.charAt(i + 1) == '"') {
                    StringBuilder key = new StringBuilder();
                    int j = i + 2;
                    while (j < path.length() && path.charAt(j) != '"') {
                        if (path.startsWith("\\\"", j)) {
                            j++; // the only escape a path has: \" for a quote in a key
                        }
                        key.append(path.charAt(j++));
                    }
                    close = j + 1;
                    if (close >= path.length() || path.charAt(close) != ']') {
                        throw invalid(path, "has an unclosed [\"...\"]");
                    }
                    segments.add(key.toString());
                } else {
                    close = path.indexOf(']', i);
                    String index = close < 0 ? "" : path.substring(i + 1, close);
                    if (!index.matches("[0-9]{1,9}")) {
                        throw invalid(path, "has a bracket that is neither [\"key\"] nor [index]");
                    }
                    segments.add(Integer.parseInt(index));
                }
                i = close + 1;
                needKey = false;
            } else if (c == '.') {
                if (needKey) {
                    throw invalid(path, "has an empty key");
                }
                needKey = true;
                i++;
            } else {
                if (!needKey) {
                    throw invalid(path, "needs a dot before a key");
                }
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                segments.add(path.substring(i, end));
                i = end;
                needKey = false;
            }
        }
        if (needKey) {
            throw invalid(path, "ends with a dot");
        }
        return segments;
    }

    private static IllegalArgumentException invalid(String path, String why) {
        return new IllegalArgumentException("values path \"" + path + "\" " + why);
    }
}
