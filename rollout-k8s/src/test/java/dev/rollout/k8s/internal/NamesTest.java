package dev.rollout.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamesTest {
    private static final Pattern LABEL =
            Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern DNS = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Test
    void validIdsAreKeptAndOthersAreMadeValidWithoutCollisions() {
        assertThat(Names.labelValue("v2")).isEqualTo("v2");
        assertThat(Names.dnsLabel("web", "v2")).isEqualTo("web-v2");
        List<String> ids = List.of("sha256:" + "ab".repeat(32), "sha256:" + "ab".repeat(31) + "ac",
                "V2", "v2", "registry.example/web:2", "-leading", "x".repeat(80), "ümlaut");
        List<String> labels = ids.stream().map(Names::labelValue).toList();
        List<String> names = ids.stream().map(id -> Names.dnsLabel("web", id)).toList();

        assertThat(labels).allMatch(l -> l.length() <= 63 && LABEL.matcher(l).matches())
                .doesNotHaveDuplicates();
        assertThat(names).allMatch(n -> n.length() <= 63 && DNS.matcher(n).matches())
                .doesNotHaveDuplicates();
        assertThat(Names.labelValue(ids.get(0))).isEqualTo(Names.labelValue(ids.get(0)));
    }
}
