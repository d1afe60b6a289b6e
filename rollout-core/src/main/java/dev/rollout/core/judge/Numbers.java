package dev.rollout.core.judge;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting for verdict messages: four significant digits, scientific below 1e-4. */
final class Numbers {
    private Numbers() {
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(4));
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e9) {
            return String.format(java.util.Locale.ROOT, "%.2e", v);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    static String signed(double v) {
        return v > 0 ? "+" + format(v) : format(v);
    }
}
