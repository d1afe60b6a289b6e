package dev.rollout.core.revision.oci;

import dev.rollout.api.RolloutException;
import dev.rollout.api.Secret;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.RevisionSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Revisions from the tags of one repository in an OCI (Docker) registry, through the Distribution
 * API ({@code /v2/}): the tags that are semantic versions and satisfy a {@link SemverConstraint},
 * in semver release order, each pinned to its manifest digest when resolved. Non-semver tags
 * ({@code latest}, {@code main-abc}) are ignored. Immutable once built and thread-safe.
 *
 * <p>A resolved tag is a revision whose id is the tag (the release name, which names the canary)
 * with attributes {@code tag}, {@code digest} ({@code sha256:...}) and {@code image}
 * ({@code host/repository@sha256:...}, pinned, so a moved tag cannot change what is deployed).
 * {@link #candidates()} lists tags without pinning them (one request per page, none per tag), so
 * its revisions carry only {@code tag}; resolve one before deploying it. Resolving a digest
 * ({@code sha256:...}) gives a revision with that digest as id and no tag, whose release order is
 * unknown: {@link #releaseOrder()} throws for it.
 *
 * <p>Authentication: requests go anonymously first; a {@code 401} with a {@code Bearer} challenge
 * fetches a token from its realm (sending Basic credentials there when configured) and retries,
 * a {@code Basic} challenge retries with the credentials. Redirects are followed only on the
 * registry's own scheme, host and port; anything else is an error, so credentials never go to
 * another host (the token realm named by the registry's challenge excepted, as Docker does).
 */
public final class OciRegistrySource implements RevisionSource {
    /** Media types a manifest request accepts: OCI index and manifest, Docker list and manifest. */
    static final String MANIFEST_TYPES = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final int LISTED_IN_ERRORS = 5;

    private final URI registry;
    private final String repository;
    private final SemverConstraint constraint;
    private final int pageSize;
    private final RegistryClient client;

    private OciRegistrySource(Builder b) {
        this.registry = b.registry;
        this.repository = b.repository;
        this.constraint = b.constraint;
        this.pageSize = b.pageSize;
        HttpClient http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.client = new RegistryClient(registry, repository, b.user, b.password, http, b.timeout);
    }

    /** A builder; {@code registry} and {@code repository} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The matching semver tags, newest first, unpinned (attribute {@code tag} only). */
    @Override
    public List<Revision> candidates() {
        return matching().stream().map(t -> new Revision(t, Map.of("tag", t))).toList();
    }

    /**
     * Resolves a tag, pinned to its digest, or a digest ({@code sha256:...}) as it is.
     *
     * @throws RolloutException naming the tag and constraint when the tag is not semver, does not
     *     satisfy the constraint or does not exist (with the newest matching tags), or when the
     *     registry fails
     */
    @Override
    public Revision resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (DIGEST.matcher(reference).matches()) {
            String digest = pin(reference).orElseThrow(() -> client.failure("manifest " + reference + " not found"));
            return new Revision(digest, Map.of("digest", digest, "image", image(digest)));
        }
        if (!TAG.matcher(reference).matches()) {
            throw client.failure("'" + reference + "' is neither a tag nor a sha256 digest");
        }
        Optional<Semver> version = Semver.tryParse(reference);
        if (version.isEmpty()) {
            throw client.failure("tag '" + reference + "' is not a semantic version, so constraint '"
                    + constraint + "' cannot admit it; newest matching tags: " + newestMatching());
        }
        if (!constraint.matches(version.get())) {
            throw client.failure("tag '" + reference + "' does not satisfy constraint '" + constraint
                    + "'; newest matching tags: " + newestMatching());
        }
        Optional<String> digest = pin(reference);
        if (digest.isEmpty()) {
            throw client.failure("tag '" + reference + "' not found (constraint '" + constraint
                    + "'); newest matching tags: " + newestMatching());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("tag", reference);
        attributes.put("digest", digest.get());
        attributes.put("image", image(digest.get()));
        return new Revision(reference, attributes);
    }

    /**
     * Semver precedence of the revisions' tags (the {@code tag} attribute, else the id); equal
     * precedence ({@code 1.0.0+a}, {@code v1.0.0}) is broken by the tag text, so the order is total.
     * Throws {@link RolloutException} for a revision resolved by digest or whose tag is not semver.
     */
    @Override
    public Comparator<Revision> releaseOrder() {
        return (a, b) -> {
            int c = version(a).compareTo(version(b));
            return c != 0 ? c : tag(a).compareTo(tag(b));
        };
    }

    private String tag(Revision r) {
        String tag = r.attributes().get("tag");
        if (tag == null && DIGEST.matcher(r.id()).matches()) {
            throw client.failure("revision '" + r.id() + "' was resolved by digest, so its release order"
                    + " is unknown; resolve it by tag");
        }
        return tag == null ? r.id() : tag;
    }

    private Semver version(Revision r) {
        String tag = tag(r);
        return Semver.tryParse(tag).orElseThrow(() -> client.failure("revision '" + r.id() + "' has tag '"
                + tag + "', which is not a semantic version, so its release order is unknown"));
    }

    private List<String> matching() {
        List<Semver> versions = new ArrayList<>();
        for (String tag : TagList.fetch(client, registry, repository, pageSize)) {
            Semver.tryParse(tag).filter(constraint::matches).ifPresent(versions::add);
        }
        Comparator<Semver> newestFirst = Comparator.<Semver>naturalOrder()
                .thenComparing(Semver::toString).reversed();
        return versions.stream().sorted(newestFirst).map(Semver::toString).toList();
    }

    private String newestMatching() {
        try {
            List<String> tags = matching();
            if (tags.isEmpty()) {
                return "none";
            }
            String listed = tags.stream().limit(LISTED_IN_ERRORS).collect(Collectors.joining(", "));
            return tags.size() > LISTED_IN_ERRORS ? listed + " and " + (tags.size() - LISTED_IN_ERRORS) + " more" : listed;
        } catch (RolloutException e) {
            return "unknown (listing the tags failed too)";
        }
    }

    /** The digest of the manifest {@code reference} names, empty when the registry has none. */
    private Optional<String> pin(String reference) {
        URI uri = registry.resolve("/v2/" + repository + "/manifests/" + reference);
        RegistryClient.Response head = client.exchange("HEAD", uri, MANIFEST_TYPES);
        if (head.status() == 404) {
            return Optional.empty();
        }
        Optional<String> header = head.header("Docker-Content-Digest");
        if (head.ok() && header.isPresent()) {
            return Optional.of(checked(header.get(), reference));
        }
        if (!head.ok() && head.status() != 405) {
            throw client.unexpected(head, "HEAD manifest " + reference);
        }
        // HEAD not allowed, or no digest header: the digest is the sha256 of the manifest bytes.
        RegistryClient.Response get = client.exchange("GET", uri, MANIFEST_TYPES);
        if (get.status() == 404) {
            return Optional.empty();
        }
        if (!get.ok()) {
            throw client.unexpected(get, "GET manifest " + reference);
        }
        String computed = "sha256:" + sha256(get.body());
        Optional<String> claimed = get.header("Docker-Content-Digest");
        if (claimed.isPresent() && claimed.get().startsWith("sha256:") && !claimed.get().equals(computed)) {
            throw client.failure("manifest " + reference + " has digest " + computed
                    + " but the registry claims " + claimed.get());
        }
        return Optional.of(checked(computed, reference));
    }

    private String checked(String digest, String reference) {
        if (!DIGEST.matcher(digest).matches()) {
            throw client.failure("manifest " + reference + " has a Docker-Content-Digest '" + digest
                    + "' that is not sha256:<64 hex>");
        }
        if (DIGEST.matcher(reference).matches() && !digest.equals(reference)) {
            throw client.failure("manifest " + reference + " was answered with digest " + digest);
        }
        return digest;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private String image(String digest) {
        return registry.getAuthority() + "/" + repository + "@" + digest;
    }

    @Override
    public String toString() {
        return "OciRegistrySource[" + registry + "/" + repository + ", constraint '" + constraint + "']";
    }

    /** Builds an {@link OciRegistrySource}; not thread-safe, {@link #build()} copies. */
    public static final class Builder {
        private static final Pattern REPOSITORY = Pattern.compile(
                "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
        private URI registry;
        private String repository;
        private SemverConstraint constraint = SemverConstraint.any();
        private String user;
        private Secret password;
        private HttpClient httpClient;
        private Duration timeout = Duration.ofSeconds(10);
        private int pageSize = 100;

        private Builder() {
        }

        /** The registry's base URL, {@code http} or {@code https}, with no path, for example {@code https://ghcr.io}. */
        public Builder registry(URI registry) {
            Objects.requireNonNull(registry, "registry");
            String scheme = registry.getScheme() == null ? "" : registry.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || registry.getHost() == null) {
                throw new IllegalArgumentException("registry must be an http or https URL with a host, not '" + registry + "'");
            }
            if (registry.getRawUserInfo() != null) {
                throw new IllegalArgumentException("registry must not hold credentials in its URL; use credentials(user, password)");
            }
            String path = registry.getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/") || registry.getRawQuery() != null
                    || registry.getRawFragment() != null) {
                throw new IllegalArgumentException("registry must be a base URL without path or query, not '" + registry + "'");
            }
            this.registry = URI.create(scheme + "://" + registry.getRawAuthority());
            return this;
        }

        /** The repository, for example {@code shop/checkout} (the Distribution spec's name grammar). */
        public Builder repository(String repository) {
            Objects.requireNonNull(repository, "repository");
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new IllegalArgumentException("repository '" + repository
                        + "' is not a valid repository name (lower-case components separated by '/')");
            }
            this.repository = repository;
            return this;
        }

        /** The tags to consider; default {@code *} (every release, no prerelease). */
        public Builder constraint(SemverConstraint constraint) {
            this.constraint = Objects.requireNonNull(constraint, "constraint");
            return this;
        }

        /**
         * The tags to consider, as a Masterminds-style constraint.
         *
         * @throws IllegalArgumentException naming the constraint and position when it is invalid
         */
        public Builder constraint(String constraint) {
            return constraint(SemverConstraint.parse(constraint));
        }

        /** Credentials for Basic auth or the Bearer token service; default none (anonymous). */
        public Builder credentials(String user, Secret password) {
            Objects.requireNonNull(user, "user");
            if (user.isBlank() || user.contains(":")) {
                throw new IllegalArgumentException("user must be non-blank and hold no ':'");
            }
            this.user = user;
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The client to send with; default a new one. It must not follow redirects itself
         * ({@link HttpClient.Redirect#NEVER}), so that credentials never follow one to another host.
         */
        public Builder httpClient(HttpClient httpClient) {
            Objects.requireNonNull(httpClient, "httpClient");
            if (httpClient.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("httpClient must use HttpClient.Redirect.NEVER (it uses "
                        + httpClient.followRedirects() + "); the source follows same-host redirects itself, "
                        + "so credentials are never sent to another host");
            }
            this.httpClient = httpClient;
            return this;
        }

        /** The timeout of each request (and of connecting, for the default client); default 10 s. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The {@code n} asked of each tag list page; default 100. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 10_000) {
                throw new IllegalArgumentException("pageSize must be 1 to 10000, not " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalStateException when registry or repository is missing
         */
        public OciRegistrySource build() {
            if (registry == null || repository == null) {
                throw new IllegalStateException("OciRegistrySource needs " + (registry == null ? "registry" : "repository"));
            }
            return new OciRegistrySource(this);
        }
    }
}
