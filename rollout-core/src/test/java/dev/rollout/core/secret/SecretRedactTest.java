package dev.rollout.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@link Secret#redact(String)} treats long and very short secrets. */
class SecretRedactTest {
    @Test
    void secretsOfFourOrMoreCharactersAreRedactedEverywhere() {
        assertThat(Secret.of("abcd").redact("xabcdy abcd abcdabcd")).isEqualTo("x****y **** ********");
    }

    @Test
    void veryShortSecretsAreNotRedactedInsideLongerWords() {
        Secret x = Secret.of("x");
        // Masking every "x" would mangle the message and, worse, tell the reader the secret.
        assertThat(x.redact("ConnectException: connection refused to example.com"))
                .isEqualTo("ConnectException: connection refused to example.com");
    }

    @Test
    void veryShortSecretsAreRedactedWhereTheyStandAlone() {
        Secret x = Secret.of("x");
        assertThat(x.redact("x")).isEqualTo("****");
        assertThat(x.redact("GET /q?api_key=x&app=x failed: x")).isEqualTo("GET /q?api_key=****&app=**** failed: ****");
        assertThat(Secret.of("ab1").redact("Bearer ab1, tab1e ab12 ab1")).isEqualTo("Bearer ****, tab1e ab12 ****");
    }

    @Test
    void aLongerSecretIsRedactedBeforeAShorterOneItContains() {
        MeasurementRequest request = new MeasurementRequest("r", "run", "m", Map.of(), Instant.EPOCH,
                Optional.empty(), Duration.ofSeconds(1), List.of(Secret.of("abcd"), Secret.of("abcdefgh")));
        assertThat(request.redact("key abcdefgh")).isEqualTo("key ****");
    }
}
