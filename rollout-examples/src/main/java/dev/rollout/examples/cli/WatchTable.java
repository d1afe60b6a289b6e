package dev.rollout.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The live view's table as text: a pure function from a title and rows to lines, so what the
 * terminal shows can be tested without one. Columns are as wide as their widest cell.
 */
final class WatchTable {
    static final List<String> HEADERS =
            List.of("CLUSTER", "STEP", "WEIGHT", "REPLICAS", "LAST MEASUREMENT", "VERDICT");
    static final String GREEN = "\u001b[32m";
    static final String RED = "\u001b[31m";
    static final String YELLOW = "\u001b[33m";
    static final String RESET = "\u001b[0m";
    private static final String GAP = "  ";

    private WatchTable() {
    }

    /**
     * The title line, the header line and one line per row; with {@code color} the verdict is
     * green (Healthy), red (Degraded, Failed, Error) or yellow (Paused, Inconclusive).
     */
    static List<String> render(String title, List<WatchRow> rows, boolean color) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (WatchRow row : rows) {
            cells.add(List.of(row.cluster(), row.step(), row.weight() + "%", row.replicas(),
                    row.lastMeasurement(), row.verdict()));
        }
        int[] widths = new int[HEADERS.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(title);
        for (int r = 0; r < cells.size(); r++) {
            List<String> line = cells.get(r);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                boolean last = i == widths.length - 1;
                // The last column is not padded, so no line ends in spaces.
                String padded = last ? cell : cell + " ".repeat(widths[i] - cell.length()) + GAP;
                text.append(color && last && r > 0 ? colored(cell) : padded);
            }
            lines.add(text.toString());
        }
        return lines;
    }

    /** One row as a single self-describing line, for logs and pipes. */
    static String plain(WatchRow row) {
        return row.cluster() + ": step " + row.step() + ", weight " + row.weight()
                + "%, replicas " + row.replicas() + " (canary/stable), last "
                + row.lastMeasurement() + ", " + row.verdict();
    }

    private static String colored(String verdict) {
        String code = verdict.startsWith("Healthy") ? GREEN
                : verdict.startsWith("Degraded") || verdict.contains("Failed")
                        || verdict.contains("Error") || verdict.startsWith("RolledBack") ? RED
                : verdict.startsWith("Paused") || verdict.contains("Inconclusive")
                        || verdict.startsWith("WaitingForApproval") ? YELLOW : null;
        return code == null ? verdict : code + verdict + RESET;
    }
}
