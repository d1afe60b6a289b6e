package dev.rollout.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolversTest {

    @Test
    void environmentVariablesAreNamedAfterSecretAndKey() {
        EnvironmentSecretResolver env = new EnvironmentSecretResolver(
                Map.of("ROLLOUT_SECRET_DATADOG_KEYS_API_KEY", "abc", "ROLLOUT_SECRET_EMPTY_K", ""),
                EnvironmentSecretResolver.DEFAULT_PREFIX);
        assertThat(env.variableName("datadog-keys", "api-key")).isEqualTo("ROLLOUT_SECRET_DATADOG_KEYS_API_KEY");
        assertThat(env.resolve("any", "datadog-keys", "api-key")).contains(Secret.of("abc"));
        assertThat(env.resolve("any", "datadog-keys", "app-key")).isEmpty();
        assertThat(env.resolve("any", "empty", "k")).isEmpty();
        assertThat(env.toString()).doesNotContain("abc");
    }

    @Test
    void filesByNamespaceThenByName(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("prod/db"));
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("prod/db/password"), "prod-pw\n");
        Files.writeString(dir.resolve("db/password"), "shared-pw");
        Files.writeString(dir.resolve("db/multi"), "line1\nline2\r\n");
        FileSecretResolver files = new FileSecretResolver(dir);
        assertThat(files.resolve("prod", "db", "password")).contains(Secret.of("prod-pw"));
        assertThat(files.resolve("staging", "db", "password")).contains(Secret.of("shared-pw"));
        assertThat(files.resolve("staging", "db", "multi")).contains(Secret.of("line1\nline2"));
        assertThat(files.resolve("prod", "db", "missing")).isEmpty();
        assertThat(files.resolve("prod", "..", "password")).isEmpty();
        assertThat(files.resolve("prod", "db", "../db/password")).isEmpty();
    }

    @Test
    void firstOfAsksInOrder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("s"));
        Files.writeString(dir.resolve("s/k"), "from-file");
        var both = SecretResolvers.firstOf(
                new EnvironmentSecretResolver(Map.of("ROLLOUT_SECRET_S_K", "from-env"), "ROLLOUT_SECRET_"),
                new FileSecretResolver(dir));
        assertThat(both.resolve("ns", "s", "k")).contains(Secret.of("from-env"));
        var filesFirst = SecretResolvers.firstOf(new FileSecretResolver(dir),
                new EnvironmentSecretResolver(Map.of(), "X_"));
        assertThat(filesFirst.resolve("ns", "s", "k")).contains(Secret.of("from-file"));
        assertThat(filesFirst.resolve("ns", "s", "nope")).isEmpty();
    }
}
