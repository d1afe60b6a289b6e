package dev.rollout.core.conductor.hooks;

import dev.rollout.api.Secret;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of a hook's output file with secrets masked. */
final class OutputTail {
    private OutputTail() {
    }

    /**
     * The last {@code limit} characters of {@code file} with every secret masked. Reads a little
     * more than {@code limit} first and masks before cutting, so a secret straddling the cut is
     * not left half visible.
     */
    static String read(Path file, int limit, List<Secret> secrets) throws IOException {
        int longest = secrets.stream().mapToInt(s -> s.reveal().length()).max().orElse(0);
        // UTF-8: up to 4 bytes a character.
        long want = 4L * (limit + longest);
        String text;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - want);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
            if (from > 0 && !text.isEmpty() && text.charAt(0) == '\uFFFD') {
                // The read began inside a multi-byte character.
                text = text.substring(1);
            }
        }
        return tail(redact(text, secrets), limit);
    }

    static String redact(String text, List<Secret> secrets) {
        String out = text;
        for (Secret s : secrets) {
            out = s.redact(out);
        }
        return out;
    }

    static String tail(String text, int limit) {
        return text.length() <= limit ? text : text.substring(text.length() - limit);
    }

    /** The last few non-blank lines of {@code text}, for a one-line message. */
    static String lastLines(String text, int lines, int maxChars) {
        List<String> all = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String joined = String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        return joined.length() <= maxChars ? joined : "…" + joined.substring(joined.length() - maxChars + 1);
    }
}
