package dev.rollout.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test class when one of its fake secrets reaches a place a
 * person could read: it copies everything written to {@code System.out} and {@code System.err}
 * while the class runs (slf4j-simple's output included, when it is set to look {@code System.err}
 * up at each write) and scans it, with every text handed to {@link #check(Object)} (messages,
 * events, statuses), after the last test. Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class SecretScan implements BeforeAllCallback, AfterAllCallback {
    private final List<String> secrets;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    private PrintStream out;
    private PrintStream err;

    private SecretScan(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** A scan for these fake secrets; use distinctive ones ({@code dd-api-key-SECRET-1234}). */
    public static SecretScan of(String... secrets) {
        return new SecretScan(List.of(secrets));
    }

    /** Adds a text (a message, an event, a status: its {@code toString()}) to scan. */
    public void check(Object text) {
        texts.add(String.valueOf(text));
    }

    /** What was written to standard output and error so far. */
    public String captured() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Each place a secret appeared, naming the secret by its first characters only; empty when clean. */
    public List<String> findings() {
        List<String> found = new ArrayList<>();
        String output = captured();
        List<String> checked;
        synchronized (texts) {
            checked = List.copyOf(texts);
        }
        for (int s = 0; s < secrets.size(); s++) {
            String secret = secrets.get(s);
            String name = "secret #" + (s + 1) + " (" + secret.substring(0, Math.min(4, secret.length())) + "...)";
            int at = output.indexOf(secret);
            if (at >= 0) {
                found.add(name + " in standard output or error, after: "
                        + masked(output.substring(Math.max(0, at - 120), at).replace('\n', ' ')));
            }
            for (int t = 0; t < checked.size(); t++) {
                if (checked.get(t).contains(secret)) {
                    found.add(name + " in checked text #" + (t + 1) + ": " + masked(checked.get(t)));
                }
            }
        }
        return found;
    }

    private String masked(String text) {
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, "<SECRET>");
        }
        return result;
    }

    /** How many texts were handed to {@link #check(Object)}. */
    public int checkedTexts() {
        return texts.size();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        out = System.out;
        err = System.err;
        System.setOut(tee(out));
        System.setErr(tee(err));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.setOut(out);
        System.setErr(err);
        List<String> found = findings();
        if (!found.isEmpty()) {
            throw new AssertionError("fake secrets leaked:\n  " + String.join("\n  ", found));
        }
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
