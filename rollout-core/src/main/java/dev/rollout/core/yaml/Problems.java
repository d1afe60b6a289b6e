package dev.rollout.core.yaml;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects spec problems so that every problem of every file is reported at once, rather than the
 * first one thrown, and, separately, warnings: fields that are accepted but have no effect a user
 * might expect. Warnings never fail a load. Not thread-safe: one instance per load.
 */
public final class Problems {
    /** The field name used for problems that concern a whole document. */
    public static final String DOCUMENT = "(document)";

    private final List<SpecProblem> problems = new ArrayList<>();
    private final List<SpecProblem> warnings = new ArrayList<>();

    /** Records a problem at {@code node}: its file, line and field path. */
    public void add(YamlNode node, String message) {
        Objects.requireNonNull(node, "node");
        add(node.file(), node.line(), node.path().isEmpty() ? DOCUMENT : node.path(), message);
    }

    /** Records a problem about field {@code field} of the mapping at {@code node}. */
    public void addField(YamlNode node, String field, String message) {
        Objects.requireNonNull(node, "node");
        add(node.file(), node.line(), YamlNode.childPath(node.path(), field), message);
    }

    /** Records a problem with an explicit location. */
    public void add(String file, int line, String field, String message) {
        problems.add(new SpecProblem(file, line, field, message));
    }

    /** Records a problem found elsewhere. */
    public void add(SpecProblem problem) {
        problems.add(Objects.requireNonNull(problem, "problem"));
    }

    /** Records a warning at {@code node} (file, line and field path); it never fails a load. */
    public void warn(YamlNode node, String message) {
        Objects.requireNonNull(node, "node");
        warnings.add(new SpecProblem(node.file(), node.line(),
                node.path().isEmpty() ? DOCUMENT : node.path(), message));
    }

    /** Every warning recorded, ordered like {@link #sorted()}; never null, possibly empty. */
    public List<SpecProblem> warnings() {
        return ordered(warnings);
    }

    /** Number of problems recorded so far; compare two counts to tell whether a read failed. */
    public int count() {
        return problems.size();
    }

    /** Whether no problem was recorded. */
    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Whether a problem was recorded after {@link #count()} returned {@code mark}. */
    public boolean hasNewSince(int mark) {
        return problems.size() > mark;
    }

    /** Every problem recorded, in the order found. */
    public List<SpecProblem> list() {
        return List.copyOf(problems);
    }

    /**
     * Every problem recorded, ordered for reading: files in the order they were first mentioned,
     * and lines in increasing order within a file (problems on one line keep the order found).
     */
    public List<SpecProblem> sorted() {
        return ordered(problems);
    }

    private static List<SpecProblem> ordered(List<SpecProblem> problems) {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (SpecProblem p : problems) {
            fileOrder.putIfAbsent(p.file(), fileOrder.size());
        }
        List<SpecProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.<SpecProblem>comparingInt(p -> fileOrder.get(p.file()))
                .thenComparingInt(SpecProblem::line));
        return List.copyOf(sorted);
    }

    /** Throws an {@link InvalidSpecException} listing every problem {@link #sorted()}, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(sorted());
        }
    }
}
