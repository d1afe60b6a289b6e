package dev.rollout.http;

import dev.rollout.api.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Removes secrets from text that may reach a log or a message. */
public final class Redactor {
    private Redactor() {
    }

    /**
     * {@code text} with every secret of {@code secrets} replaced, longest first, so that a secret
     * contained in another (a password inside its basic-auth token) leaves no part of the longer one.
     */
    @SafeVarargs
    public static String redact(String text, Collection<Secret>... secrets) {
        List<Secret> all = new ArrayList<>();
        for (Collection<Secret> some : secrets) {
            all.addAll(some);
        }
        all.sort(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed());
        String result = text;
        for (Secret secret : all) {
            result = secret.redact(result);
        }
        return result;
    }
}
