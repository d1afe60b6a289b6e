package dev.rollout.core.conductor.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rollout.api.InvalidSpecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed reads of merged values, their errors and the dry-run listing. */
class MergedValuesTest {
    private final MergedValues values = HelmValues.merge(List.of(
            HelmValues.parse("values.yaml", """
                    replicas: 2
                    ratio: 0.50
                    enabled: yes
                    image:
                      repository: app
                      tag: v1
                    hosts: [a, b]
                    resources: {}
                    analysis:
                      args:
                        service: api
                        threshold: 0.95
                    """),
            HelmValues.parse("values-prod.yaml", """
                    replicas: 5
                    image:
                      tag: v2
                    analysis:
                      args:
                        window: 5
                        nested: {x: 1}
                    big: 3000000000
                    """)));

    @Test
    void stringGivesScalarsAsText() {
        assertThat(values.string("image.tag")).contains("v2");
        assertThat(values.string("replicas")).contains("5");
        assertThat(values.string("ratio")).contains("0.50");
        assertThat(values.string("enabled")).contains("true");
        assertThat(values.string("hosts[1]")).contains("b");
        assertThat(values.string("nope")).isEmpty();
        assertThat(values.string("image.tag.deeper")).isEmpty();
    }

    @Test
    void stringOfAMapOrListNamesWhereItWasWritten() {
        assertThatThrownBy(() -> values.string("image"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("values-prod.yaml:2: image: expected a scalar, found a mapping");
        assertThatThrownBy(() -> values.string("hosts"))
                .hasMessage("values.yaml:7: hosts: expected a scalar, found a list");
    }

    @Test
    void integerReadsIntegersOnly() {
        assertThat(values.integer("replicas")).hasValue(5);
        assertThat(values.integer("absent")).isEmpty();
        assertThatThrownBy(() -> values.integer("ratio"))
                .hasMessage("values.yaml:2: ratio: expected an integer, found a number 0.50");
        assertThatThrownBy(() -> values.integer("image.tag"))
                .hasMessage("values-prod.yaml:3: image.tag: expected an integer, found a string \"v2\"");
        assertThatThrownBy(() -> values.integer("big"))
                .hasMessageContaining("values-prod.yaml:8: big: expected an integer, found an integer"
                        + " 3000000000 beyond the int range");
    }

    @Test
    void stringsReadsAMapOfScalars() {
        MergedValues args = HelmValues.merge(List.of(HelmValues.parse("values.yaml",
                "analysis:\n  args:\n    service: api\n    threshold: 0.95\n    window: 5\n")));
        assertThat(args.strings("analysis.args"))
                .containsExactly(entry("service", "api"), entry("threshold", "0.95"), entry("window", "5"));
        assertThat(args.strings("analysis.missing")).isEmpty();
    }

    @Test
    void stringsNamesTheEntryThatIsNotAScalar() {
        assertThatThrownBy(() -> values.strings("analysis.args"))
                .hasMessage("values-prod.yaml:7: analysis.args.nested: expected a scalar, found a mapping");
        assertThatThrownBy(() -> values.strings("replicas"))
                .hasMessage("values-prod.yaml:1: replicas: expected a map of strings, found a number 5");
    }

    @Test
    void leavesListEveryLeafWithItsProvenance() {
        assertThat(values.leaves()).containsExactly(
                entry("analysis.args.nested.x", new Provenance("values-prod.yaml", 7)),
                entry("analysis.args.service", new Provenance("values.yaml", 11)),
                entry("analysis.args.threshold", new Provenance("values.yaml", 12)),
                entry("analysis.args.window", new Provenance("values-prod.yaml", 6)),
                entry("big", new Provenance("values-prod.yaml", 8)),
                entry("enabled", new Provenance("values.yaml", 3)),
                entry("hosts", new Provenance("values.yaml", 7)),
                entry("image.repository", new Provenance("values.yaml", 5)),
                entry("image.tag", new Provenance("values-prod.yaml", 3)),
                entry("ratio", new Provenance("values.yaml", 2)),
                entry("replicas", new Provenance("values-prod.yaml", 1)),
                entry("resources", new Provenance("values.yaml", 8)));
        assertThat(values.leaves().get("image.tag")).hasToString("values-prod.yaml:3");
        assertThat(values.files()).containsExactly("values.yaml", "values-prod.yaml");
    }

    @Test
    void asMapIsDeeplyImmutable() {
        Map<String, Object> map = values.asMap();
        assertThat(map).containsEntry("replicas", 5L).containsEntry("hosts", List.of("a", "b"));
        @SuppressWarnings("unchecked")
        Map<String, Object> image = (Map<String, Object>) map.get("image");
        assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> image.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> hosts = (List<Object>) map.get("hosts");
        assertThatThrownBy(() -> hosts.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void layersAreNotChangedByMerging() {
        ValuesFile base = HelmValues.parse("values.yaml", "image:\n  tag: a\n  repo: r\n");
        ValuesFile prod = HelmValues.parse("values-prod.yaml", "image:\n  tag: null\n");
        assertThat(HelmValues.merge(base, List.of(base, prod)).get("image")).contains(Map.of("repo", "r"));
        assertThat(base.asMap()).isEqualTo(Map.of("image", Map.of("tag", "a", "repo", "r")));
        assertThat(HelmValues.merge(List.of(base)).get("image.tag")).contains("a");
    }

    @Test
    void aBadPathIsAnArgumentError() {
        assertThatThrownBy(() -> values.get("image..tag")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image..tag");
        assertThatThrownBy(() -> values.get("a[\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> values.get("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuoteInAKeyRoundTripsThroughLeaves() {
        MergedValues quoted = HelmValues.merge(List.of(HelmValues.parse("values.yaml",
                "labels:\n  'say \"hi\"': yes\n")));
        String path = quoted.leaves().firstKey();
        assertThat(path).isEqualTo("labels[\"say \\\"hi\\\"\"]");
        assertThat(quoted.get(path)).contains(true);
    }
}
