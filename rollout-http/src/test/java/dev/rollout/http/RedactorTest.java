package dev.rollout.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void aSecretInsideALongerOneLeavesNoPartOfTheLongerVisible() {
        Secret password = Secret.of("hunter2-password");
        Secret token = Secret.of("Basic-hunter2-password-and-more");

        String text = "sent Basic-hunter2-password-and-more, then hunter2-password";

        assertThat(Redactor.redact(text, List.of(password), List.of(token)))
                .doesNotContain("hunter2").doesNotContain("and-more").contains("sent ").contains(", then ");
    }
}
