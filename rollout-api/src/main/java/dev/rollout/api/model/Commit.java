package dev.rollout.api.model;

import java.util.Objects;

/**
 * One change between two revisions, as a revision source knows it (a Git commit).
 *
 * @param id the full identity (a commit hash)
 * @param shortId the abbreviated identity shown to people (7 characters for Git)
 * @param subject the first line of the message
 * @param author the author's name
 */
public record Commit(String id, String shortId, String subject, String author) {
    public Commit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(shortId, "shortId");
        subject = subject == null ? "" : subject;
        author = author == null ? "" : author;
    }
}
