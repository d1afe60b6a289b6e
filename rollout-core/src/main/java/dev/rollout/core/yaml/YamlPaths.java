package dev.rollout.core.yaml;

/** Field-path spelling shared by the node model: keys with dots or slashes are bracketed. */
final class YamlPaths {

    private YamlPaths() {
    }

    /** Whether {@code key} can be written bare in a path: letters, digits, '_', '$' and '-'. */
    static boolean isSimpleKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '$' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
