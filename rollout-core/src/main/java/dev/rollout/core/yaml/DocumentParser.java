package dev.rollout.core.yaml;

/**
 * Parses one YAML document of a given {@code apiVersion} and {@code kind} into a value, recording
 * every problem it finds instead of throwing. Implementations are registered on a
 * {@code dev.rollout.core.spec.SpecLoader}, which picks the parser by the document's
 * {@code apiVersion} and {@code kind}:
 *
 * <pre>{@code
 * SpecLoader loader = SpecLoader.withDefaults()
 *         .register("AnalysisTemplate", new AnalysisTemplateParser());
 * }</pre>
 *
 * <p>A parser reads the whole document, including {@code apiVersion}, {@code kind} and
 * {@code metadata}, so that it declares every known top-level field:
 *
 * <pre>{@code
 * public MyThing parse(YamlNode document, SpecReader reader) {
 *     int mark = reader.problems().count();
 *     YamlObject root = reader.object(document, "apiVersion", "kind", "metadata", "spec");
 *     Optional<ObjectMeta> metadata = ObjectMeta.read(root);
 *     YamlObject spec = root.requiredObject("spec", "interval", "count");
 *     Optional<Duration> interval = spec.goDuration("interval");
 *     ...
 *     return reader.problems().hasNewSince(mark) ? null
 *             : new MyThing(metadata.orElseThrow().name(), interval, ...);
 * }
 * }</pre>
 *
 * @param <T> what a document becomes
 */
@FunctionalInterface
public interface DocumentParser<T> {

    /**
     * Parses {@code document}, whose {@code apiVersion} and {@code kind} already matched this
     * parser. Records problems through {@code reader}; returns null when (and only when) it recorded
     * a problem. May throw {@link IllegalArgumentException} for a value a model type rejects; the
     * loader records the exception's message as a problem of the document.
     */
    T parse(YamlNode document, SpecReader reader);
}
