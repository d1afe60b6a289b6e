package dev.rollout.core.revision.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverTest {

    /** semver.org section 11's own examples, in precedence order. */
    static final List<String> SPEC_ORDER = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
            "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");

    @Test
    void everyPairOfTheSpecExamplesComparesByItsPosition() {
        for (int i = 0; i < SPEC_ORDER.size(); i++) {
            for (int j = 0; j < SPEC_ORDER.size(); j++) {
                int c = Semver.parse(SPEC_ORDER.get(i)).compareTo(Semver.parse(SPEC_ORDER.get(j)));
                assertThat(Integer.signum(c)).as("%s vs %s", SPEC_ORDER.get(i), SPEC_ORDER.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
    }

    @Test
    void sortingAShuffleRestoresTheSpecOrder() {
        List<Semver> shuffled = new ArrayList<>(SPEC_ORDER.stream().map(Semver::parse).toList());
        Collections.shuffle(shuffled, new Random(42));
        Collections.sort(shuffled);
        assertThat(shuffled).map(Semver::toString).containsExactlyElementsOf(SPEC_ORDER);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        "1.0.0 < 2.0.0",
        "2.0.0 < 2.1.0",
        "2.1.0 < 2.1.1",
        "1.9.0 < 1.10.0",
        "1.0.9 < 1.0.10",
        "0.0.1 < 0.1.0",
        "0.9.9 < 1.0.0",
        "1.0.0-rc.1 < 1.0.0",
        "1.0.0-alpha < 1.0.0-alpha.1",
        "1.0.0-alpha.1 < 1.0.0-alpha.beta",
        "1.0.0-beta.2 < 1.0.0-beta.11",
        "1.0.0-1 < 1.0.0-a",
        "1.0.0-2 < 1.0.0-10",
        "1.0.0-A < 1.0.0-a",
        "1.0.0-a.b < 1.0.0-a.b.c",
        "1.0.0-alpha-1 < 1.0.0-alpha-2",
        "1.0.0-0.3.7 < 1.0.0-x.7.z.92",
        "1.0.0-99999999999999999999 < 1.0.0-100000000000000000000",
        "1.0.0-rc.1 > 1.0.0-beta.11",
        "1.0.0+build.1 = 1.0.0",
        "1.0.0+a = 1.0.0+b",
        "v1.2.3 = 1.2.3",
        "V1.2.3-rc.1 = 1.2.3-rc.1",
        "1.0.0-alpha+001 = 1.0.0-alpha",
        "10.0.0 > 9.99.99",
    })
    void precedence(String left, String relation, String right) {
        int c = Integer.signum(Semver.parse(left).compareTo(Semver.parse(right)));
        int expected = switch (relation) {
            case "<" -> -1;
            case ">" -> 1;
            default -> 0;
        };
        assertThat(c).isEqualTo(expected);
        assertThat(Integer.signum(Semver.parse(right).compareTo(Semver.parse(left)))).isEqualTo(-expected);
    }

    @Test
    void partsAreReadAndBuildMetadataKept() {
        Semver v = Semver.parse("v1.20.3-beta.2+exp.sha.5114f85");
        assertThat(v.major()).isEqualTo(1);
        assertThat(v.minor()).isEqualTo(20);
        assertThat(v.patch()).isEqualTo(3);
        assertThat(v.prerelease()).containsExactly("beta", "2");
        assertThat(v.isPrerelease()).isTrue();
        assertThat(v.build()).isEqualTo("exp.sha.5114f85");
        assertThat(v.normalized()).isEqualTo("1.20.3-beta.2");
        assertThat(v).hasToString("v1.20.3-beta.2+exp.sha.5114f85");
        assertThat(Semver.parse("1.0.0+a")).isNotEqualTo(Semver.parse("1.0.0+b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "main-abc", "1.2", "1", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03",
        "1.2.3-01", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3-é", "", "v", "1.2.3 ", " 1.2.3", "1.2.x",
        "-1.2.3", "1.2.3-beta_1", "1234567890123456789.0.0"})
    void invalidVersionsAreRejectedNamingTheText(String text) {
        assertThat(Semver.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Semver.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a semantic version");
    }

    @Test
    void problemsAreNamed() {
        assertThatThrownBy(() -> Semver.parse("1.2.3-01")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Semver.parse("1.2")).hasMessageContaining("expected MAJOR.MINOR.PATCH");
        assertThatThrownBy(() -> Semver.parse("1.2.3-a_b")).hasMessageContaining("'_'");
    }
}
