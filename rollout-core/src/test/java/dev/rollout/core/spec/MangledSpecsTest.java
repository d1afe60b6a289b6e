package dev.rollout.core.spec;

import static dev.rollout.core.spec.ArgoExamplesTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.InvalidSpecException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mangled versions of valid specs either load or fail with an {@link InvalidSpecException} whose
 * problems name the file; nothing else ever escapes (no NullPointerException, no half result).
 */
class MangledSpecsTest {

    private static final String[] VALUES = {"-1", "0", "101", "[]", "{}", "x", "\"\"", "~", "1.5",
            "true", "\"30\"", "5x", "[a, {b: c}]", "{setWeight: 5}", "*alias", "2147483648"};
    private static final int ROUNDS = 50;
    private static final SpecLoader LOADER = SpecLoader.withDefaults().ignoringUnknownKinds();

    @ParameterizedTest
    @ValueSource(strings = {"argo/canary-basic.yaml", "argo/canary-istio.yaml",
            "argo/canary-analysis.yaml", "argo/bluegreen-analysis.yaml", "argo/canary-nginx.yaml",
            "argo/canary-gatewayapi.yaml", "specs/multi.yaml"})
    void mangledSpecsLoadOrListTheirProblems(String name) throws Exception {
        List<String> lines = Files.readAllLines(resource(name));
        Random random = new Random(name.hashCode());
        int loaded = 0;
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String text = String.join("\n", mangle(new ArrayList<>(lines), random));
            try {
                LOADER.loadString("m.yaml", text);
                loaded++;
            } catch (InvalidSpecException e) {
                rejected++;
                assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                    assertThat(p.file()).isEqualTo("m.yaml");
                    assertThat(p.message()).isNotBlank().doesNotContain("Exception");
                    assertThat(p.field()).isNotBlank();
                });
            }
        }
        assertThat(rejected).isPositive();
        assertThat(loaded + rejected).isEqualTo(ROUNDS);
    }

    private static List<String> mangle(List<String> lines, Random random) {
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(5)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int colon = line.indexOf(": ");
                    if (colon > 0) {
                        lines.set(at, line.substring(0, colon + 2)
                                + VALUES[random.nextInt(VALUES.length)]);
                    }
                }
                case 3 -> lines.set(at, "  " + line);
                default -> lines.set(at, line.replaceFirst("[a-zA-Z]", "q"));
            }
        }
        return lines;
    }
}
