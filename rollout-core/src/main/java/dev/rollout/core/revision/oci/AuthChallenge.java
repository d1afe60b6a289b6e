package dev.rollout.core.revision.oci;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): a scheme such as {@code Bearer} or
 * {@code Basic} and its parameters ({@code realm}, {@code service}, {@code scope}).
 *
 * @param scheme the scheme, lower case
 * @param params the parameters by lower-case name, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    /** The challenge to answer among the headers: Bearer if offered, else Basic, else the first. */
    static Optional<AuthChallenge> choose(List<String> headers) {
        AuthChallenge first = null;
        AuthChallenge basic = null;
        for (String header : headers) {
            AuthChallenge c = parse(header);
            if (c == null) {
                continue;
            }
            if (c.scheme.equals("bearer")) {
                return Optional.of(c);
            }
            if (c.scheme.equals("basic") && basic == null) {
                basic = c;
            }
            if (first == null) {
                first = c;
            }
        }
        return Optional.ofNullable(basic != null ? basic : first);
    }

    /** Parses {@code Scheme k=v, k="quoted, value"}; null when there is no scheme. */
    static AuthChallenge parse(String header) {
        String s = header.strip();
        int space = 0;
        while (space < s.length() && !Character.isWhitespace(s.charAt(space)) && s.charAt(space) != ',') {
            space++;
        }
        if (space == 0) {
            return null;
        }
        String scheme = s.substring(0, space).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int at = space;
        while (at < s.length()) {
            while (at < s.length() && (Character.isWhitespace(s.charAt(at)) || s.charAt(at) == ',')) {
                at++;
            }
            int eq = s.indexOf('=', at);
            if (eq < 0) {
                break;
            }
            String name = s.substring(at, eq).strip().toLowerCase(Locale.ROOT);
            at = eq + 1;
            StringBuilder value = new StringBuilder();
            if (at < s.length() && s.charAt(at) == '"') {
                at++;
                while (at < s.length() && s.charAt(at) != '"') {
                    if (s.charAt(at) == '\\' && at + 1 < s.length()) {
                        at++;
                    }
                    value.append(s.charAt(at++));
                }
                at++;
            } else {
                while (at < s.length() && s.charAt(at) != ',') {
                    value.append(s.charAt(at++));
                }
            }
            params.put(name, value.toString().strip());
        }
        return new AuthChallenge(scheme, Map.copyOf(params));
    }

    /** A parameter's value, if present. */
    Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }
}
