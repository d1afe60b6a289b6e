package dev.rollout.core.revision.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lists a repository's tags through {@code /v2/<name>/tags/list}, following {@code Link: rel="next"} pages. */
final class TagList {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^,]*)");
    private static final Pattern NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PAGES = 10_000;

    private TagList() {
    }

    /** Every tag, across pages. */
    static List<String> fetch(RegistryClient client, URI registry, String repository, int pageSize) {
        List<String> tags = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI next = registry.resolve("/v2/" + repository + "/tags/list?n=" + pageSize);
        while (next != null) {
            if (!seen.add(next) || seen.size() > MAX_PAGES) {
                throw client.failure("tag list pagination does not end (" + next.getPath() + " again)");
            }
            RegistryClient.Response r = client.exchange("GET", next, "application/json");
            if (r.status() == 404) {
                throw client.failure("repository not found (HTTP 404 listing tags)" + errorCode(r));
            }
            if (!r.ok()) {
                throw client.unexpected(r, "listing tags");
            }
            JsonNode list = client.json(r, "tag list " + next.getPath());
            JsonNode page = list.get("tags");
            if (page != null && !page.isNull()) {
                if (!page.isArray()) {
                    throw client.failure("tag list " + next.getPath() + " has 'tags' that is not a list");
                }
                page.forEach(t -> {
                    if (t.isTextual()) {
                        tags.add(t.asText());
                    }
                });
            }
            next = nextPage(client, r);
        }
        return tags;
    }

    private static URI nextPage(RegistryClient client, RegistryClient.Response r) {
        for (String header : r.headers().allValues("Link")) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                if (NEXT.matcher(m.group(2)).find()) {
                    URI next;
                    try {
                        next = r.uri().resolve(m.group(1).strip());
                    } catch (IllegalArgumentException e) {
                        throw client.failure("tag list has a next link that is not a URI: " + m.group(1));
                    }
                    if (!client.onRegistry(next)) {
                        throw client.failure("tag list's next link points to another host ("
                                + next.getScheme() + "://" + next.getAuthority() + "); not followed");
                    }
                    return next;
                }
            }
        }
        return null;
    }

    private static String errorCode(RegistryClient.Response r) {
        String body = r.text();
        return body.contains("NAME_UNKNOWN") ? " (NAME_UNKNOWN)" : "";
    }

}
