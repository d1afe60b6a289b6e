package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of malformed specs, each a valid Rollout and AnalysisTemplate with one mutation, or
 * written by hand (YAML bombs, deep nesting, huge, binary and non-UTF-8 files): {@code lint} and
 * {@code simulate} refuse every one with exit 64 and only {@code error: FILE:LINE: FIELD: MESSAGE}
 * lines ({@code error: FILE: FIELD: MESSAGE} for a problem of the whole file), no stack trace,
 * and in bounded time. The count is recorded in docs/reliability.md.
 */
class MalformedSpecCorpusTest {
    static final String BASE = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: demo
              namespace: shop
            spec:
              replicas: 4
              progressDeadlineSeconds: 600
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                  - name: demo
                    image: demo:2
              strategy:
                canary:
                  maxSurge: 1
                  maxUnavailable: 0
                  steps:
                  - setWeight: 25
                  - pause: {duration: 30s}
                  - analysis:
                      templates:
                      - templateName: success-rate
                      args:
                      - name: service
                        value: demo
                  - setWeight: 50
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: success-rate
              namespace: shop
            spec:
              args:
              - name: service
              metrics:
              - name: success-rate
                interval: 1m
                count: 3
                failureLimit: 1
                successCondition: result >= 0.95
                provider:
                  web:
                    url: "http://localhost:8080/rate?service={{args.service}}"
                    jsonPath: "{$.rate}"
            """;

    /** An error line: file, optional line, field, message; or a warning of the same shape. */
    private static final Pattern LINE = Pattern.compile("^(error|warning): [^:]+(:\\d+)?: [^:]+: .+");
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** One malformed input: a name and its bytes. */
    record Case(String name, Supplier<byte[]> content) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        MalformedSpecs.mutations().forEach((name, text) ->
                cases.add(new Case(name, () -> text.getBytes(StandardCharsets.UTF_8))));
        cases.addAll(MalformedSpecs.handWritten());
        return cases;
    }

    static Stream<Case> cases() {
        return corpus().stream();
    }

    @Test
    void theBaseIsValidAndTheCorpusIsLargeEnough() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("base.yaml", BASE);

        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(150)
                .extracting(Case::name).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithFileLineFieldMessageAndNoTrace(Case malformed) {
        Path file = dir.resolve("spec.yaml");
        write(file, malformed.content().get());
        CliRunner cli = new CliRunner(dir);

        for (String[] command : List.of(new String[] {"lint", file.toString()},
                new String[] {"simulate", "--rollout", file.toString()})) {
            CliRunner.Result result = assertTimeoutPreemptively(HANG_GUARD, () -> cli.run(command),
                    () -> command[0] + " did not finish within " + HANG_GUARD);

            String what = command[0] + " " + malformed.name() + ":\n" + result.err() + result.out();
            assertThat(result.exitCode()).as(what).isEqualTo(64);
            assertThat(result.err().lines().toList()).as(what).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).matches(LINE))
                    .anySatisfy(line -> assertThat(line).startsWith("error: " + file));
            assertThat(result.err() + result.out()).as(what)
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
