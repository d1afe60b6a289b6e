package dev.rollout.core.report;

import java.time.Duration;
import java.time.Instant;

/** Maps instants of the whole timeline to x coordinates of every chart, so charts line up. */
final class TimeAxis {
    /** Where the plot area starts and how wide it is, in SVG units. */
    public static final double LEFT = 70;
    public static final double WIDTH = 840;
    public static final double TOTAL = LEFT + WIDTH + 30;

    private static final long[] STEPS_MS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
        120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 21_600_000,
        43_200_000, 86_400_000};

    private final Instant start;
    private final long spanMs;

    /** An axis from {@code start} to {@code end}; a zero span is widened to one second. */
    public TimeAxis(Instant start, Instant end) {
        this.start = start;
        this.spanMs = Math.max(1000, Duration.between(start, end).toMillis());
    }

    /** The first instant of the timeline. */
    public Instant start() {
        return start;
    }

    /** Milliseconds since the start. */
    public long since(Instant at) {
        return Duration.between(start, at).toMillis();
    }

    /** The x coordinate of {@code at}. */
    public double x(Instant at) {
        return LEFT + WIDTH * Math.min(spanMs, Math.max(0, since(at))) / (double) spanMs;
    }

    /** The right edge of the plot area. */
    public double right() {
        return LEFT + WIDTH;
    }

    /** Vertical grid lines and labels of elapsed time at a round interval, about six of them. */
    public void ticks(StringBuilder svg, double top, double bottom) {
        long step = STEPS_MS[STEPS_MS.length - 1];
        for (long candidate : STEPS_MS) {
            if (spanMs / candidate <= 6) {
                step = candidate;
                break;
            }
        }
        for (long t = 0; t <= spanMs; t += step) {
            double x = LEFT + WIDTH * t / (double) spanMs;
            svg.append("<line class=\"grid\" x1=\"").append(Html.num(x)).append("\" x2=\"")
                    .append(Html.num(x)).append("\" y1=\"").append(Html.num(top)).append("\" y2=\"")
                    .append(Html.num(bottom)).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(Html.num(x)).append("\" y=\"")
                    .append(Html.num(bottom + 14)).append("\" text-anchor=\"middle\">")
                    .append(Html.elapsed(t)).append("</text>");
        }
    }
}
