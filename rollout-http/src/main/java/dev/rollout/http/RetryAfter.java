package dev.rollout.http;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/** Reads HTTP's {@code Retry-After} header and plain numeric headers. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date, in whole seconds from now (never negative). */
    public static OptionalLong seconds(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        String text = header.trim();
        if (text.matches("\\d{1,9}")) {
            return OptionalLong.of(Long.parseLong(text));
        }
        try {
            long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return OptionalLong.of(Math.max(0, (at - nowMillis + 999) / 1000));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    /** A header holding a whole number, or empty when it is absent or not a number. */
    public static OptionalLong number(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
