package dev.rollout.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

    private final Problems problems = new Problems();
    private final SpecReader reader = new SpecReader(problems);

    private YamlNode doc(String text) {
        List<YamlDocument> docs = YamlFiles.read("t.yaml", text, problems);
        assertThat(problems.list()).isEmpty();
        return docs.get(0).root();
    }

    private List<String> messages() {
        return problems.list().stream().map(Object::toString).toList();
    }

    @Test
    void readsTypedFields() {
        YamlObject o = reader.object(doc("""
                name: web
                replicas: 3
                paused: true
                wait: 1h30m
                seconds: 30
                labels: {app: web, tier: "1"}
                steps: [a, b]
                """), "name", "replicas", "paused", "wait", "seconds", "labels", "steps", "other");

        assertThat(o.requiredString("name")).isEqualTo("web");
        assertThat(o.optionalInt("replicas")).hasValue(3);
        assertThat(o.intInRange("replicas", 0, 10, 1)).isEqualTo(3);
        assertThat(o.booleanOr("paused", false)).isTrue();
        assertThat(o.duration("wait")).contains(Duration.ofMinutes(90));
        assertThat(o.duration("seconds")).contains(Duration.ofSeconds(30));
        assertThat(o.stringMap("labels")).containsExactly(Map.entry("app", "web"),
                Map.entry("tier", "1"));
        assertThat(o.list("steps")).hasSize(2);
        assertThat(o.optionalString("other")).isEmpty();
        assertThat(o.intInRange("other", 0, 10, 7)).isEqualTo(7);
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void unknownFieldsAreReportedAtTheirLineWithASuggestion() {
        reader.object(doc("""
                name: web
                replica: 3
                zzzzzz: 1
                """), "name", "replicas");

        assertThat(messages()).containsExactly(
                "t.yaml:2: replica: unknown field, did you mean replicas?",
                "t.yaml:3: zzzzzz: unknown field, expected one of: name, replicas");
    }

    @Test
    void wrongTypesNameWhatWasExpectedAndFound() {
        YamlObject o = reader.object(doc("""
                name: 5
                replicas: "3"
                paused: "yes"
                wait: true
                labels: [a]
                steps: {a: 1}
                big: 3000000000
                """), "name", "replicas", "paused", "wait", "labels", "steps", "big");

        assertThat(o.requiredString("name")).isNull();
        assertThat(o.optionalInt("replicas")).isEmpty();
        assertThat(o.optionalBoolean("paused")).isEmpty();
        assertThat(o.duration("wait")).isEmpty();
        assertThat(o.stringMap("labels")).isEmpty();
        assertThat(o.list("steps")).isEmpty();
        assertThat(o.optionalInt("big")).isEmpty();
        assertThat(messages()).containsExactly(
                "t.yaml:1: name: must be a string, was a number 5 (quote it to make it a string)",
                "t.yaml:2: replicas: must be an integer, was a string \"3\"",
                "t.yaml:3: paused: must be true or false, was a string \"yes\"",
                "t.yaml:4: wait: must be a duration such as 30s, 5m, 1h or a number of seconds,"
                        + " was a boolean true",
                "t.yaml:5: labels: must be a mapping of strings, was a list",
                "t.yaml:6: steps: must be a list, was a mapping",
                "t.yaml:7: big: must be a 32-bit integer, was 3000000000");
    }

    @Test
    void rangesAndRequiredFields() {
        YamlObject spec = reader.object(doc("""
                spec:
                  weight: 150
                  low: -1
                  high: 11
                  wait: 5x
                  empty: ""
                """), "spec").requiredObject("spec", "weight", "low", "high", "wait", "empty");

        assertThat(spec.intInRange("weight", 0, 100)).isEmpty();
        assertThat(spec.nonNegativeInt("low", 4)).isEqualTo(4);
        assertThat(spec.intInRange("high", Integer.MIN_VALUE, 10)).isEqualTo(OptionalInt.empty());
        assertThat(spec.duration("wait")).isEmpty();
        assertThat(spec.requiredString("empty")).isNull();
        assertThat(spec.requiredString("name")).isNull();
        assertThat(messages()).containsExactly(
                "t.yaml:2: spec.weight: must be 0..100, was 150",
                "t.yaml:3: spec.low: must be at least 0, was -1",
                "t.yaml:4: spec.high: must be at most 10, was 11",
                "t.yaml:5: spec.wait: invalid duration \"5x\": unknown unit \"x\""
                        + " (use ns, us, ms, s, m or h)",
                "t.yaml:6: spec.empty: must not be empty",
                "t.yaml:1: spec.name: is required");
    }

    @Test
    void aNonMappingIsReportedOnceAndThenReadsAsAbsent() {
        YamlObject root = reader.object(doc("spec: [1, 2]\n"), "spec");
        YamlObject spec = root.requiredObject("spec", "name");

        assertThat(spec.isPresent()).isFalse();
        assertThat(spec.requiredString("name")).isNull();
        assertThat(spec.exactlyOne("a", "b")).isEmpty();
        assertThat(messages()).containsExactly("t.yaml:1: spec: must be a mapping, was a list");
    }

    @Test
    void nullCountsAsAbsent() {
        YamlObject o = reader.object(doc("name: ~\nreplicas:\n"), "name", "replicas");

        assertThat(o.has("name")).isFalse();
        assertThat(o.optionalInt("replicas")).isEmpty();
        assertThat(o.requiredString("name")).isNull();
        assertThat(messages()).containsExactly("t.yaml:1: name: is required");
    }

    @Test
    void exactlyOneAndAtMostOne() {
        YamlNode root = doc("""
                both: {a: 1, b: 2}
                none: {c: 1}
                one: {b: 2}
                """);
        YamlObject o = reader.object(root, "both", "none", "one");

        assertThat(o.object("both", "a", "b").flatMap(b -> b.exactlyOne("a", "b"))).isEmpty();
        assertThat(o.object("none", "a", "b", "c").flatMap(n -> n.exactlyOne("a", "b"))).isEmpty();
        assertThat(o.object("one", "a", "b").flatMap(n -> n.exactlyOne("a", "b")))
                .isEqualTo(Optional.of("b"));
        assertThat(o.object("both", "a", "b").flatMap(b -> b.atMostOne("a", "b"))).isEmpty();
        assertThat(o.object("none", "a", "b", "c").flatMap(n -> n.atMostOne("a", "b"))).isEmpty();
        assertThat(messages()).containsExactly(
                "t.yaml:1: both: must set exactly one of a, b, found a and b",
                "t.yaml:2: none: must set exactly one of a, b",
                "t.yaml:1: both: must set at most one of a, b, found a and b");
    }

    @Test
    void goDurationsNeedAUnitAndAString() {
        YamlObject o = reader.object(doc("""
                interval: 5m
                bare: 30
                quoted: "30"
                """), "interval", "bare", "quoted");

        assertThat(o.goDuration("interval")).contains(Duration.ofMinutes(5));
        assertThat(o.goDuration("bare")).isEmpty();
        assertThat(o.goDuration("quoted")).isEmpty();
        assertThat(messages()).containsExactly(
                "t.yaml:2: bare: must be a duration string such as 30s, 5m or 1h, was a number 30",
                "t.yaml:3: quoted: invalid duration \"30\": missing unit after 30"
                        + " (use ns, us, ms, s, m or h)");
    }
}
