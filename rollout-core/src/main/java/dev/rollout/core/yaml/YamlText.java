package dev.rollout.core.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a file as YAML text within {@link YamlLimits}, recording why when it cannot. */
final class YamlText {
    private YamlText() {
    }

    /** The text of {@code path}, or empty with a problem recorded. */
    static Optional<String> read(Path path, YamlLimits limits, Problems problems) {
        String name = path.toString();
        try {
            if (Files.isDirectory(path)) {
                problems.add(name, 0, Problems.DOCUMENT, "is a directory, not a file");
                return Optional.empty();
            }
            // Refused before reading: a huge file costs nothing but this check.
            long size = Files.size(path);
            if (size > limits.maxFileBytes()) {
                problems.add(name, 0, Problems.DOCUMENT, tooLarge(size, limits));
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return check(name, text, bytes.length, limits, problems) ? Optional.of(text) : Optional.empty();
        } catch (NoSuchFileException e) {
            problems.add(name, 0, Problems.DOCUMENT, "file not found");
        } catch (CharacterCodingException e) {
            problems.add(name, 0, Problems.DOCUMENT, "file is not valid UTF-8 text (is it a binary file?)");
        } catch (IOException | RuntimeException e) {
            problems.add(name, 0, Problems.DOCUMENT,
                    "cannot read file: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Checks text already in memory: its size ({@code bytes} when known, else -1), that it holds
     * no NUL (which never occurs in YAML, so the file is binary), and every line's length.
     */
    static boolean check(String name, String text, long bytes, YamlLimits limits, Problems problems) {
        long size = bytes >= 0 ? bytes : utf8Length(text, limits.maxFileBytes());
        if (size > limits.maxFileBytes()) {
            problems.add(name, 0, Problems.DOCUMENT, tooLarge(size, limits));
            return false;
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(name, 0, Problems.DOCUMENT, "file is binary (it holds NUL bytes), not YAML text");
            return false;
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > limits.maxLineLength()) {
                    problems.add(name, line, Problems.DOCUMENT, "line is " + (i - start)
                            + " characters long, at most " + limits.maxLineLength() + " are read");
                    return false;
                }
                line++;
                start = i + 1;
            }
        }
        return true;
    }

    /** The UTF-8 length of {@code text}, or a number above {@code max} as soon as it passes it. */
    private static long utf8Length(String text, long max) {
        if (text.length() > max) {
            return text.length(); // each char is at least one byte
        }
        if ((long) text.length() * 3 <= max) {
            return text.length(); // each char is at most three bytes: it fits whatever it is
        }
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String tooLarge(long bytes, YamlLimits limits) {
        return "file is too large: " + bytes + " bytes, at most " + limits.maxFileBytes() + " are read";
    }
}
