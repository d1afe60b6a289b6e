package dev.rollout.core.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the test with R's {@code wilcox.test} on the seeded pairs of
 * {@code src/test/fixtures/judge/mann-whitney-reference.json} (regenerate with the R script beside
 * it): U, p-value, shift and interval within 1e-9 relative.
 */
class MannWhitneyReferenceTest {
    private static final double RELATIVE = 1e-9;
    private static final Path FIXTURE = Path.of("src/test/fixtures/judge/mann-whitney-reference.json");

    static Stream<JsonNode> cases() throws Exception {
        JsonNode root = new ObjectMapper().readTree(FIXTURE.toFile());
        List<JsonNode> cases = new ArrayList<>();
        root.get("cases").forEach(cases::add);
        return cases.stream();
    }

    @Test
    void theFixtureCoversWhatTheIssueAsks() throws Exception {
        List<JsonNode> cases = cases().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        assertThat(cases.stream().mapToInt(c -> Math.min(c.get("x").size(), c.get("y").size())).min().getAsInt())
                .isEqualTo(3);
        assertThat(cases.stream().mapToInt(c -> Math.max(c.get("x").size(), c.get("y").size())).max().getAsInt())
                .isEqualTo(5000);
        assertThat(cases).anyMatch(c -> c.get("kind").asText().equals("nan"))
                .anyMatch(c -> c.get("kind").asText().equals("ties"))
                .anyMatch(c -> c.get("kind").asText().startsWith("constant"))
                .anyMatch(c -> c.get("exact").asBoolean())
                .anyMatch(c -> !c.get("exact").asBoolean());
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("cases")
    void matchesR(JsonNode c) {
        double[] x = finite(c.get("x"));
        double[] y = finite(c.get("y"));
        MannWhitneyResult r = MannWhitney.test(x, y, c.get("confidence").asDouble());
        String id = "case " + c.get("id").asInt() + " (" + c.get("kind").asText() + ", n=" + x.length
                + ", m=" + y.length + ")";
        assertClose(id + " U", r.u(), c.get("w").asDouble());
        assertThat(r.exact()).as(id + " exact").isEqualTo(c.get("exact").asBoolean());
        if (c.get("p").isNull()) {
            assertThat(r.pValue()).as(id + " p of an all-tied pair").isNaN();
        } else {
            assertClose(id + " p", r.pValue(), c.get("p").asDouble());
        }
        if (!c.get("shift").isNull()) {
            assertClose(id + " shift", r.shift(), c.get("shift").asDouble());
            assertClose(id + " lower", r.lower(), c.get("lower").asDouble());
            assertClose(id + " upper", r.upper(), c.get("upper").asDouble());
        }
    }

    private static void assertClose(String what, double actual, double expected) {
        double tolerance = RELATIVE * Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertThat(actual).as(what + ": " + actual + " vs R " + expected)
                .isBetween(expected - tolerance, expected + tolerance);
    }

    /** The values R keeps: JSON null stands for NaN in the fixture. */
    private static double[] finite(JsonNode values) {
        List<Double> kept = new ArrayList<>();
        values.forEach(v -> {
            if (!v.isNull()) {
                kept.add(v.asDouble());
            }
        });
        return kept.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
