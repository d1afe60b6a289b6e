package dev.rollout.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectMetaTest {

    private final Problems problems = new Problems();

    private Optional<ObjectMeta> read(String yaml) {
        YamlNode root = YamlFiles.read("m.yaml", yaml, problems).get(0).root();
        return ObjectMeta.read(new SpecReader(problems).object(root, "metadata"));
    }

    @Test
    void readsWhatUsersWriteAndIgnoresWhatTheServerSets() {
        Optional<ObjectMeta> meta = read("""
                metadata:
                  name: web.v2
                  namespace: shop
                  labels: {app: web}
                  annotations: {note: "x"}
                  uid: 1234
                  resourceVersion: "99"
                  managedFields: [{manager: kubectl}]
                """);

        assertThat(problems.list()).isEmpty();
        assertThat(meta).contains(new ObjectMeta("web.v2", Optional.of("shop"),
                Map.of("app", "web"), Map.of("note", "x")));
    }

    @Test
    void namesMustBeWhatKubernetesAccepts() {
        assertThat(read("metadata: {name: -web, namespace: a.b}\n")).isEmpty();

        assertThat(problems.list()).extracting(Object::toString).containsExactly(
                "m.yaml:1: metadata.name: must be a DNS-1123 subdomain (lower-case letters,"
                        + " digits, '-' and '.'), was \"-web\"",
                "m.yaml:1: metadata.namespace: must be a DNS-1123 label (lower-case letters,"
                        + " digits and '-'), was \"a.b\"");
    }

    @Test
    void missingMetadataIsReportedOnce() {
        assertThat(read("other: 1\n")).isEmpty();

        assertThat(problems.list()).extracting(Object::toString).containsExactly(
                "m.yaml:1: other: unknown field, expected one of: metadata",
                "m.yaml:1: metadata: is required");
    }
}
