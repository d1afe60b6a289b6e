package dev.rollout.core.yaml;

import java.util.regex.Pattern;

/** Field-path spelling shared by the node model: keys with dots or slashes are bracketed. */
final class YamlPaths {
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_$-]+");

    private YamlPaths() {
    }

    static boolean isSimpleKey(String key) {
        return SIMPLE_KEY.matcher(key).matches();
    }
}
