package dev.rollout.core.conductor.values;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves a plain (unquoted, untagged) YAML scalar the way Helm's YAML library does (go-yaml v2
 * under {@code sigs.k8s.io/yaml}), which is YAML 1.1-flavoured and differs from SnakeYAML's and
 * Jackson's defaults: {@code y/n/yes/no/on/off} are booleans, {@code 0755} is octal,
 * {@code 0x1F} hex, {@code 0b101} binary, underscores are dropped from numbers, base-60
 * {@code 1:20} is a string, and a timestamp such as {@code 2024-01-31} stays a string.
 */
final class Scalars {
    /** YAML null: what a deleted key is written as. */
    static final Object NULL = new Object();

    private static final Map<String, Object> WORDS = new HashMap<>();
    private static final Pattern FLOAT =
            Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static {
        for (String s : new String[] {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
                "on", "On", "ON"}) {
            WORDS.put(s, Boolean.TRUE);
        }
        for (String s : new String[] {"n", "N", "no", "No", "NO", "false", "False", "FALSE",
                "off", "Off", "OFF"}) {
            WORDS.put(s, Boolean.FALSE);
        }
        for (String s : new String[] {"", "~", "null", "Null", "NULL"}) {
            WORDS.put(s, NULL);
        }
        for (String s : new String[] {".nan", ".NaN", ".NAN"}) {
            WORDS.put(s, Double.NaN);
        }
        for (String s : new String[] {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}) {
            WORDS.put(s, Double.POSITIVE_INFINITY);
        }
        for (String s : new String[] {"-.inf", "-.Inf", "-.INF"}) {
            WORDS.put(s, Double.NEGATIVE_INFINITY);
        }
    }

    private Scalars() {
    }

    /**
     * The value of plain scalar {@code text}: {@link #NULL}, a {@code Boolean}, a {@code Long},
     * a {@code Double} (also for integers beyond 64 bits, as Helm's float64 would hold them) or
     * the text itself.
     */
    static Object resolve(String text) {
        Object word = WORDS.get(text);
        if (word != null) {
            return word;
        }
        char first = text.charAt(0);
        if (first == '.') {
            return FLOAT.matcher(text).matches() ? (Object) Double.parseDouble(text) : text;
        }
        if (!(first >= '0' && first <= '9' || first == '-' || first == '+')) {
            return text;
        }
        String plain = text.replace("_", "");
        Optional<BigInteger> integer = integer(plain);
        if (integer.isPresent()) {
            BigInteger big = integer.get();
            if (big.bitLength() < 64) {
                return big.longValue();
            }
            if (big.signum() > 0 && big.compareTo(MAX_UINT64) <= 0) {
                return big.doubleValue();
            }
        }
        if (FLOAT.matcher(plain).matches()) {
            return Double.parseDouble(plain);
        }
        return text;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} prefixes: 0x, 0o, 0b and a leading 0 for octal. */
    private static Optional<BigInteger> integer(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() > 2 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                body = body.substring(2);
            }
        }
        if (radix == 10 && body.length() > 1 && body.charAt(0) == '0') {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty() || body.charAt(0) == '+' || body.charAt(0) == '-') {
            return Optional.empty();
        }
        try {
            BigInteger value = new BigInteger(body, radix);
            return Optional.of(negative ? value.negate() : value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A scalar as text: strings as they are, booleans and numbers as YAML writes them. */
    static String text(Object value, String written) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double && !written.isEmpty()) {
            return written;
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? Long.toString(d.longValue()) : d.toString();
        }
        return String.valueOf(value);
    }
}
