package dev.rollout.core.conductor.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layering cases derived from Helm's own tests and docs; each says which. The merge is the
 * end-to-end one ({@code helm install -f values.yaml -f ...} with values.yaml as the chart's
 * defaults, as {@link HelmValues#forCluster} does) unless a case says "plain -f merge".
 */
class HelmValuesMergeTest {
    private static final Object ABSENT = new Object();

    /** A case: layers as name/yaml pairs, expected values by path, expected provenance by path. */
    record Case(String name, boolean chartDefaults, List<String[]> layers,
            Map<String, Object> values, Map<String, String> provenance) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case of(String name, String... layers) {
        List<String[]> files = new ArrayList<>();
        for (int i = 0; i < layers.length; i += 2) {
            files.add(new String[] {layers[i], layers[i + 1]});
        }
        return new Case(name, true, files, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    static Case expect(Case c, Object... pathValue) {
        for (int i = 0; i < pathValue.length; i += 2) {
            c.values().put((String) pathValue[i], pathValue[i + 1]);
        }
        return c;
    }

    static Case at(Case c, String... pathWhere) {
        for (int i = 0; i < pathWhere.length; i += 2) {
            c.provenance().put(pathWhere[i], pathWhere[i + 1]);
        }
        return c;
    }

    static Case plain(Case c) {
        return new Case(c.name() + " (plain -f merge)", false, c.layers(), c.values(), c.provenance());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // Helm's TestMergeValuesV2 (pkg/chart/v2/loader): maps with different keys merge.
            at(expect(of("deep merge keeps untouched siblings",
                "values.yaml", "image:\n  repository: nginx\n  tag: \"1.0\"\n",
                "values-prod.yaml", "image:\n  tag: \"1.1\"\n"),
                "image.repository", "nginx", "image.tag", "1.1"),
                "image.repository", "values.yaml:2", "image.tag", "values-prod.yaml:2",
                "image", "values-prod.yaml:1"),
            // Helm docs, Values Files: a later -f file overrides an earlier one.
            at(expect(of("later file wins for a scalar",
                "values.yaml", "replicas: 1\n", "values-prod.yaml", "\nreplicas: 3\n"),
                "replicas", 3L), "replicas", "values-prod.yaml:2"),
            // coalesce.go doc comment: "Scalar values and arrays are replaced, maps are merged".
            at(expect(of("a list is replaced whole, never merged or appended",
                "values.yaml", "hosts: [a, b, c]\n", "values-prod.yaml", "hosts:\n  - d\n"),
                "hosts", List.of("d")), "hosts", "values-prod.yaml:1", "hosts[0]", "values-prod.yaml:1"),
            expect(of("an empty list replaces a list",
                "values.yaml", "hosts: [a, b]\n", "values-prod.yaml", "hosts: []\n"), "hosts", List.of()),
            // Helm docs, Values Files, "Deleting a default key": set the key to null.
            expect(of("null deletes a top-level key",
                "values.yaml", "livenessProbe:\n  httpGet: {path: /}\nreplicas: 2\n",
                "values-prod.yaml", "livenessProbe: null\n"),
                "livenessProbe", ABSENT, "livenessProbe.httpGet", ABSENT, "replicas", 2L),
            // TestCoalesceValues: nested.boat: null removes the chart's nested default.
            at(expect(of("null deletes a nested key",
                "values.yaml", "nested:\n  boat: true\n  sail: true\n",
                "values-prod.yaml", "nested:\n  boat: null\n"),
                "nested.boat", ABSENT, "nested.sail", true), "nested.sail", "values.yaml:3"),
            // TestCoalesceValues: bottom: null, right: Null, left: NULL, front: ~ all delete.
            expect(of("every spelling of null deletes, and an empty value is null",
                "values.yaml", "a: 1\nb: 1\nc: 1\nd: 1\ne: 1\nf: 1\n",
                "values-prod.yaml", "a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: 2\n"),
                "a", ABSENT, "b", ABSENT, "c", ABSENT, "d", ABSENT, "e", ABSENT, "f", 2L),
            // TestCoalesceValues: back: "" expands to "" (a quoted empty string is not null).
            expect(of("a quoted empty string is a value, not a deletion",
                "values.yaml", "back: exists\n", "values-prod.yaml", "back: \"\"\n"), "back", ""),
            // TestCoalesceValuesEmptyMapWithNils: a user nil for a key no default has.
            expect(of("null for a key no earlier layer had leaves it absent",
                "values.yaml", "data: {}\n", "values-prod.yaml", "data:\n  foo: bar\n  baz: ~\nnew: null\n"),
                "data.foo", "bar", "data.baz", ABSENT, "new", ABSENT),
            // TestCoalesceValues: ahab's object: null removes a whole default map.
            expect(of("null deletes a whole map",
                "values.yaml", "object:\n  foo: bar\n  deep: {x: 1}\n", "values-prod.yaml", "object: null\n"),
                "object", ABSENT, "object.deep.x", ABSENT),
            // MergeMaps keeps nil values, so a later -f file can set the key again.
            at(expect(of("a key nulled by one layer is set again by a later one",
                "values.yaml", "tag: a\n", "values-prod.yaml", "tag: null\n",
                "values-prod-eu.yaml", "tag: c\n"), "tag", "c"), "tag", "values-prod-eu.yaml:1"),
            // CoalesceValues over the chart's values.yaml brings its keys back after null+re-set.
            at(expect(of("a map nulled then set again gets values.yaml's keys back (chart defaults)",
                "values.yaml", "resources:\n  cpu: 1\n", "values-prod.yaml", "resources: null\n",
                "values-prod-eu.yaml", "resources:\n  memory: 2Gi\n"),
                "resources.cpu", 1L, "resources.memory", "2Gi"),
                "resources.cpu", "values.yaml:2", "resources.memory", "values-prod-eu.yaml:2"),
            expect(plain(of("a map nulled then set again gets values.yaml's keys back (chart defaults)",
                "values.yaml", "resources:\n  cpu: 1\n", "values-prod.yaml", "resources: null\n",
                "values-prod-eu.yaml", "resources:\n  memory: 2Gi\n")),
                "resources.cpu", ABSENT, "resources.memory", "2Gi"),
            // Helm docs: values files are YAML maps; an empty one sets nothing.
            expect(of("an empty file changes nothing",
                "values.yaml", "replicas: 2\n", "values-prod.yaml", ""), "replicas", 2L),
            expect(of("a comments-only file changes nothing",
                "values.yaml", "replicas: 2\n", "values-prod.yaml", "# nothing here\n  # still nothing\n"),
                "replicas", 2L),
            expect(of("a lone document marker changes nothing",
                "values.yaml", "replicas: 2\n", "values-prod.yaml", "---\n"), "replicas", 2L),
            // MergeMaps recurses into an empty map and changes nothing.
            expect(of("an empty map merges nothing into a map",
                "values.yaml", "image: {tag: a}\n", "values-prod.yaml", "image: {}\n"), "image.tag", "a"),
            // TestMergeValuesV2: "a flat value overwrites a map".
            at(expect(of("a scalar replaces a map entirely",
                "values.yaml", "image:\n  tag: a\n", "values-prod.yaml", "image: busybox\n"),
                "image", "busybox", "image.tag", ABSENT), "image", "values-prod.yaml:1"),
            // TestMergeValuesV2: "a nested map overwrites a flat value".
            expect(of("a map replaces a scalar",
                "values.yaml", "image: busybox\n", "values-prod.yaml", "image:\n  tag: b\n"),
                "image", Map.of("tag", "b")),
            expect(of("a list replaces a map and a map a list",
                "values.yaml", "a: {x: 1}\nb: [1]\n", "values-prod.yaml", "a: [1]\nb: {z: 2}\n"),
                "a", List.of(1L), "b", Map.of("z", 2L)),
            // Helm docs, YAML Techniques: anchors and aliases in values files.
            at(expect(of("an alias copies an anchored map",
                "values.yaml", "defaults: &d\n  cpu: 1\n  memory: 1Gi\nresources: *d\n"),
                "resources.cpu", 1L, "resources.memory", "1Gi"),
                "resources", "values.yaml:4", "resources.cpu", "values.yaml:2"),
            expect(of("an alias copies an anchored scalar",
                "values.yaml", "tag: &t \"1.2\"\nsidecar:\n  tag: *t\n"), "sidecar.tag", "1.2"),
            // YAML merge keys (go-yaml v2 decoder): keys after << override it.
            at(expect(of("a merge key pulls a map in and a later key overrides it",
                "values.yaml", "base: &b\n  cpu: 1\n  memory: 1Gi\nprod:\n  <<: *b\n  cpu: 4\n"),
                "prod.cpu", 4L, "prod.memory", "1Gi"),
                "prod.cpu", "values.yaml:6", "prod.memory", "values.yaml:3"),
            expect(of("in a merge list the earlier map wins",
                "values.yaml", "a: &a {x: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n"),
                "c.x", 1L, "c.z", 2L),
            expect(of("a merge key overrides a key written before it, as go-yaml v2 does",
                "values.yaml", "a: &a {x: 1}\nc:\n  x: 9\n  <<: *a\n"), "c.x", 1L),
            // go-yaml v2 resolve.go: integers in base 0 with underscores dropped, YAML floats.
            expect(of("numbers are typed as Helm's YAML library types them",
                "values.yaml", "i: 42\nneg: -7\noct: 0755\nhex: 0x1F\nbin: 0b101\nsep: 1_000\n"
                    + "f: 0.5\ne: 1e3\ninf: .inf\n"),
                "i", 42L, "neg", -7L, "oct", 493L, "hex", 31L, "bin", 5L, "sep", 1000L,
                "f", 0.5, "e", 1000.0, "inf", Double.POSITIVE_INFINITY),
            expect(of("YAML 1.1 booleans as go-yaml v2 has them; quoted they are strings",
                "values.yaml", "a: yes\nb: On\nc: y\nd: N\ne: off\nf: TRUE\ng: \"yes\"\nh: 'on'\n"),
                "a", true, "b", true, "c", true, "d", false, "e", false, "f", true, "g", "yes", "h", "on"),
            expect(of("quoted numbers stay strings",
                "values.yaml", "tag: \"3\"\nversion: '1.10'\nzip: \"0755\"\n"),
                "tag", "3", "version", "1.10", "zip", "0755"),
            expect(of("dates and base-60 numbers stay strings",
                "values.yaml", "date: 2024-01-31\ntime: 12:30\nver: 1.2.3\n"),
                "date", "2024-01-31", "time", "12:30", "ver", "1.2.3"),
            expect(of("explicit tags", "values.yaml", "s: !!str 123\nf: !!float 3\nn: !!null ''\nx: 1\n",
                "values-prod.yaml", "x: !!null\n"),
                "s", "123", "f", 3.0, "n", ABSENT, "x", ABSENT),
            expect(of("an integer beyond 64 bits is a float, as in Helm",
                "values.yaml", "big: 18446744073709551615\n"), "big", 1.8446744073709552E19),
            expect(of("unicode keys merge and are addressed in brackets",
                "values.yaml", "labels:\n  café: oui\n  日本: a\n", "values-prod.yaml", "labels:\n  日本: b\n"),
                "labels[\"café\"]", "oui", "labels[\"日本\"]", "b"),
            expect(of("a key with dots is one key, reached in brackets only",
                "values.yaml", "podAnnotations:\n  prometheus.io/scrape: \"true\"\n",
                "values-prod.yaml", "podAnnotations:\n  \"prometheus.io/port\": \"9090\"\n"),
                "podAnnotations[\"prometheus.io/scrape\"]", "true",
                "podAnnotations[\"prometheus.io/port\"]", "9090",
                "podAnnotations.prometheus.io/scrape", ABSENT),
            // sigs.k8s.io/yaml turns keys into JSON strings: on -> "true", 1 -> "1".
            expect(of("boolean and integer keys become their canonical text",
                "values.yaml", "on: push\n1: one\n0x10: hex\n"), "true", "push", "1", "one", "16", "hex"),
            // go-yaml v2's boolean table includes y and n, so even a coordinate key changes.
            expect(of("a key y is the key \"true\", as in Helm; quoted it stays y",
                "values.yaml", "point:\n  x: 1\n  y: 2\n  \"n\": 3\n"),
                "point.x", 1L, "point.true", 2L, "point.y", ABSENT, "point.n", 3L),
            at(expect(of("deeply nested maps merge at every level",
                "values.yaml", "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h: 1\n       i: 1\n",
                "values-prod.yaml", "a: {b: {c: {d: {e: {f: {g: {h: 2}}}}}}}\n"),
                "a.b.c.d.e.f.g.h", 2L, "a.b.c.d.e.f.g.i", 1L),
                "a.b.c.d.e.f.g.h", "values-prod.yaml:1", "a.b.c.d.e.f.g.i", "values.yaml:9"),
            at(expect(of("three layers: each wins where it writes",
                "values.yaml", "replicas: 1\nimage:\n  repository: app\n  tag: v1\nenv: base\n",
                "values-prod.yaml", "replicas: 3\nimage:\n  tag: v2\n",
                "values-prod-eu.yaml", "\n\nimage:\n  tag: v3\n"),
                "replicas", 3L, "image.repository", "app", "image.tag", "v3", "env", "base"),
                "replicas", "values-prod.yaml:1", "image.repository", "values.yaml:3",
                "image.tag", "values-prod-eu.yaml:4", "env", "values.yaml:5"),
            // Lists are passed through untouched by coalescing; we only drop null map values.
            expect(of("a list keeps its null items; maps inside it lose null values",
                "values.yaml", "l:\n  - a\n  - null\n  - {x: 1, y: null}\n"),
                "l", java.util.Arrays.asList("a", null, Map.of("x", 1L)))
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layersAsHelmDoes(Case c) {
        List<ValuesFile> layers = c.layers().stream()
                .map(l -> HelmValues.parse(l[0], l[1])).toList();
        MergedValues merged = c.chartDefaults()
                ? HelmValues.merge(layers.get(0), layers) : HelmValues.merge(layers);

        c.values().forEach((path, expected) -> {
            if (expected == ABSENT) {
                assertThat(merged.get(path)).as(path).isEmpty();
                assertThat(merged.provenance(path)).as(path).isEmpty();
            } else {
                assertThat(merged.get(path)).as(path).contains(expected);
            }
        });
        c.provenance().forEach((path, where) ->
                assertThat(merged.provenance(path)).as(path).map(Provenance::toString).contains(where));
        assertThat(merged.files()).containsExactlyElementsOf(c.layers().stream().map(l -> l[0]).toList());
        assertThat(merged.leaves().keySet()).allSatisfy(p -> assertThat(merged.get(p)).isPresent());
    }
}
