package dev.rollout.core.judge;

/**
 * The standard normal distribution to full double precision in both tails: Cody's rational
 * Chebyshev approximations (W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 1969), the method R's {@code pnorm} uses. Java has no {@code erfc}, and
 * a p-value of 1e-30 must keep its digits, so {@code 1 - cdf} is never formed.
 */
final class Normal {
    private static final double SQRT_32 = 5.656854249492380195206754896838;
    private static final double ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
    private static final double A[] = {2.2352520354606839287, 161.02823106855587881,
        1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113};
    private static final double B[] = {47.20258190468824187, 976.09855173777669322,
        10260.932208618978205, 45507.789335026729956};
    private static final double C[] = {0.39894151208813466764, 8.8831497943883759412,
        93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
        6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
        1.0765576773720192317e-8};
    private static final double D[] = {22.266688044328115691, 235.38790178262499861,
        1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
        34900.952721145977266, 38912.003286093271411, 19685.429676859990727};
    private static final double P[] = {0.21589853405795699, 0.1274011611602473639,
        0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5,
        0.02307344176494017303};
    private static final double Q[] = {1.28426009614491121, 0.468238212480865118,
        0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5};

    private Normal() {
    }

    /** P(Z <= z). */
    public static double cdf(double z) {
        return both(z)[0];
    }

    /** P(Z > z), accurate where it is tiny. */
    public static double sf(double z) {
        return both(z)[1];
    }

    /** The density at {@code z}. */
    public static double pdf(double z) {
        return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /**
     * The quantile: the z with {@code cdf(z) == p}, by Newton steps on {@link #cdf} from a
     * rough start, so it is as exact as the distribution function itself.
     */
    public static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            if (p == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (p == 1) {
                return Double.POSITIVE_INFINITY;
            }
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
        if (p > 0.5) {
            return -lowerQuantile(1 - p, p);
        }
        return lowerQuantile(p, 1 - p);
    }

    /** The quantile for a lower tail {@code p <= 0.5} (its complement {@code q} given exactly where known). */
    private static double lowerQuantile(double p, double q) {
        // Start: a logistic-like guess, then Newton on log(cdf) which is well scaled in the tail.
        double t = Math.sqrt(-2 * Math.log(p));
        double z = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
        for (int i = 0; i < 60; i++) {
            double f = cdf(z);
            double step = (f - p) / pdf(z);
            if (p < 1e-10) {
                step = (Math.log(f) - Math.log(p)) * f / pdf(z);
            }
            z -= step;
            if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) {
                break;
            }
        }
        return z;
    }

    /** {cdf, sf} at x, as Cody's algorithm computes them together. */
    private static double[] both(double x) {
        if (Double.isNaN(x)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double y = Math.abs(x);
        double cum;
        double ccum;
        if (y <= 0.67448975) {
            double xsq = y > 1.11e-16 ? x * x : 0;
            double xnum = A[4] * xsq;
            double xden = xsq;
            for (int i = 0; i < 3; i++) {
                xnum = (xnum + A[i]) * xsq;
                xden = (xden + B[i]) * xsq;
            }
            double temp = x * (xnum + A[3]) / (xden + B[3]);
            return new double[] {0.5 + temp, 0.5 - temp};
        } else if (y <= SQRT_32) {
            double xnum = C[8] * y;
            double xden = y;
            for (int i = 0; i < 7; i++) {
                xnum = (xnum + C[i]) * y;
                xden = (xden + D[i]) * y;
            }
            double temp = (xnum + C[7]) / (xden + D[7]);
            cum = tail(y, temp);
        } else {
            double xsq = 1.0 / (x * x);
            double xnum = P[5] * xsq;
            double xden = xsq;
            for (int i = 0; i < 4; i++) {
                xnum = (xnum + P[i]) * xsq;
                xden = (xden + Q[i]) * xsq;
            }
            double temp = xsq * (xnum + P[4]) / (xden + Q[4]);
            temp = (ONE_OVER_SQRT_2PI - temp) / y;
            cum = tail(y, temp);
        }
        ccum = 1.0 - cum;
        if (x > 0) {
            double swap = cum;
            cum = ccum;
            ccum = swap;
        }
        return new double[] {cum, ccum};
    }

    /** exp(-y²/2)·temp, with y² split so that its rounding does not cost digits. */
    private static double tail(double y, double temp) {
        double xsq = Math.floor(y * 16) / 16;
        double del = (y - xsq) * (y + xsq);
        return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
    }
}
