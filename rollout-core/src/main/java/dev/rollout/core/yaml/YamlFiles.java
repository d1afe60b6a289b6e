package dev.rollout.core.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML files, each possibly holding several {@code ---} documents, into {@link YamlNode}
 * trees that know their file, line and field path. Syntax errors, unreadable files, duplicate keys
 * and aliases are recorded in a {@link Problems} instead of being thrown, so a caller can report
 * every file's problems together. Input is bounded by {@link YamlLimits} (file size, line length,
 * nesting depth); aliases are refused outright, so an alias bomb ("billion laughs") is never
 * expanded. Thread-safe.
 */
public final class YamlFiles {
    private static final YamlLimits DEFAULTS = YamlLimits.defaults();
    private static final YAMLFactory FACTORY = factory(DEFAULTS);
    // YAML's spellings of not-a-number and the infinities (the core schema's, as SnakeYAML's).
    private static final Pattern SPECIAL_FLOAT =
            Pattern.compile("\\.(nan|NaN|NAN)|[-+]?\\.(inf|Inf|INF)");

    private YamlFiles() {
    }

    // Jackson drives SnakeYAML's parser, not its composer, so of LoaderOptions only the code point
    // limit applies; the composer's alias and depth limits are set too, in case that changes, and
    // Jackson's own nesting limit bounds depth. Aliases are refused by the Builder.
    private static YAMLFactory factory(YamlLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) limits.maxFileBytes());
        options.setMaxAliasesForCollections(1);
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setAllowRecursiveKeys(false);
        // A plain empty value ("replicas:") is null, as in Kubernetes; a quoted "" stays a string.
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength((int) limits.maxFileBytes())
                .maxDocumentLength(limits.maxFileBytes()).build());
        return factory;
    }

    /**
     * Reads every non-empty document of {@code path} within {@link YamlLimits#defaults()};
     * problems go to {@code problems}, and no document of a file with a problem is returned.
     */
    public static List<YamlDocument> read(Path path, Problems problems) {
        return read(path, DEFAULTS, problems);
    }

    /** Reads every non-empty document of {@code path} within {@code limits}. */
    public static List<YamlDocument> read(Path path, YamlLimits limits, Problems problems) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        Optional<String> text = readText(path, limits, problems);
        return text.isEmpty() ? List.of() : parse(path.toString(), text.get(), limits, problems);
    }

    /**
     * The text of {@code path} if it is a readable UTF-8 file within {@code limits} (size, line
     * length, no NUL byte), without a leading byte-order mark; else empty, with the problem
     * recorded. For readers that parse the text themselves.
     */
    public static Optional<String> readText(Path path, YamlLimits limits, Problems problems) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(problems, "problems");
        return YamlText.read(path, limits, problems).map(YamlFiles::withoutBom);
    }

    /**
     * Reads every non-empty document of {@code content} within {@link YamlLimits#defaults()},
     * naming it {@code displayName} in node locations and problems.
     */
    public static List<YamlDocument> read(String displayName, String content, Problems problems) {
        return read(displayName, content, DEFAULTS, problems);
    }

    /** Reads every non-empty document of {@code content} within {@code limits}. */
    public static List<YamlDocument> read(String displayName, String content, YamlLimits limits,
            Problems problems) {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(problems, "problems");
        if (!YamlText.check(displayName, content, -1, limits, problems)) {
            return List.of();
        }
        return parse(displayName, withoutBom(content), limits, problems);
    }

    // Editors on Windows may start a file with a byte-order mark; it is not content.
    private static String withoutBom(String content) {
        return content.startsWith("\uFEFF") ? content.substring(1) : content;
    }

    private static List<YamlDocument> parse(String displayName, String content, YamlLimits limits,
            Problems problems) {
        int mark = problems.count();
        List<YamlDocument> documents = new ArrayList<>();
        YAMLFactory factory = limits.equals(DEFAULTS) ? FACTORY : factory(limits);
        YAMLParser current = null;
        try (YAMLParser parser = factory.createParser(content)) {
            current = parser;
            Builder builder = new Builder(displayName, parser, problems);
            while (parser.nextToken() != null) {
                YamlNode root = builder.value("", line(parser));
                if (!(root instanceof YamlNode.Scalar s && s.isNull())) {
                    documents.add(new YamlDocument(displayName, documents.size(), root));
                }
            }
        } catch (StreamConstraintsException e) {
            // Jackson's constraint errors carry no location; the parser knows where it stopped.
            JsonLocation at = e.getLocation() != null ? e.getLocation()
                    : current == null ? null : current.currentLocation();
            int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
            problems.add(displayName, line, "(yaml)", e.getMessage() != null
                    && e.getMessage().contains("nesting depth")
                    ? "mappings and lists nest deeper than " + limits.maxNestingDepth() + " levels"
                    : "exceeds a reading limit: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            problems.add(displayName, syntaxLine(e), "(yaml)", syntaxMessage(e));
        } catch (IOException e) {
            // The content is in memory, so this is a parser failure rather than I/O.
            problems.add(displayName, 0, "(yaml)", "cannot parse: " + e.getMessage());
        }
        return problems.hasNewSince(mark) ? List.of() : List.copyOf(documents);
    }

    /** Where SnakeYAML found the problem, else where Jackson was. */
    private static int syntaxLine(JacksonException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            return marked.getProblemMark().getLine() + 1;
        }
        JsonLocation at = e.getLocation();
        return at == null ? 0 : Math.max(at.getLineNr(), 0);
    }

    /** SnakeYAML's problem and context in one line, without its multi-line excerpt of the text. */
    private static String syntaxMessage(JacksonException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return "invalid YAML: " + marked.getProblem().strip() + context;
        }
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return "invalid YAML";
        }
        String first = message.strip().lines().findFirst().orElse(message).strip();
        return "invalid YAML: " + first;
    }

    private static int line(JsonParser parser) {
        return Math.max(parser.currentTokenLocation().getLineNr(), 1);
    }

    /**
     * The value of a float scalar. Jackson tags YAML's {@code .nan}, {@code .inf} and
     * {@code -.inf} (in any of YAML's spellings) as floats but cannot convert them, so they are
     * mapped here.
     */
    private static double floatValue(JsonParser parser) throws IOException {
        String text = parser.getText();
        if (SPECIAL_FLOAT.matcher(text).matches()) {
            String lower = text.toLowerCase(Locale.ROOT);
            return lower.endsWith("nan") ? Double.NaN
                    : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return parser.getDoubleValue();
    }

    /** Builds nodes by recursive descent over the token stream. */
    private static final class Builder {
        private final String file;
        private final YAMLParser parser;
        private final Problems problems;
        private boolean aliasReported;

        Builder(String file, YAMLParser parser, Problems problems) {
            this.file = file;
            this.parser = parser;
            this.problems = problems;
        }

        /** Builds the value at the current token; {@code line} is where its key was written. */
        YamlNode value(String path, int line) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT) {
                return map(path, line);
            }
            if (token == JsonToken.START_ARRAY) {
                return list(path, line);
            }
            if (parser.isCurrentAlias()) {
                // Only the first: an alias bomb holds thousands, and one line says it all.
                if (!aliasReported) {
                    problems.add(file, line(parser), path.isEmpty() ? Problems.DOCUMENT : path,
                            "YAML aliases (*" + parser.getText() + ") are not supported");
                }
                aliasReported = true;
                return new YamlNode.Scalar(file, line, path, YamlNode.ScalarType.NULL, "", null);
            }
            return scalar(token, path, line);
        }

        private YamlNode map(String path, int line) throws IOException {
            Map<String, YamlNode> fields = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line(parser);
                String childPath = YamlNode.childPath(path, key);
                parser.nextToken();
                YamlNode child = value(childPath, keyLine);
                Integer first = keyLines.putIfAbsent(key, keyLine);
                if (first != null) {
                    problems.add(file, keyLine, childPath, "duplicate key, first at line " + first);
                } else {
                    fields.put(key, child);
                }
            }
            return new YamlNode.MapNode(file, line, path, fields);
        }

        private YamlNode list(String path, int line) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(YamlNode.itemPath(path, items.size()), line(parser)));
            }
            return new YamlNode.ListNode(file, line, path, items);
        }

        private YamlNode scalar(JsonToken token, String path, int line) throws IOException {
            return switch (token) {
                case VALUE_STRING -> new YamlNode.Scalar(file, line, path,
                        YamlNode.ScalarType.STRING, parser.getText(), parser.getText());
                case VALUE_NUMBER_INT -> {
                    BigInteger big = parser.getBigIntegerValue();
                    Object value = big.bitLength() < 64 ? (Object) big.longValue() : big;
                    yield new YamlNode.Scalar(file, line, path, YamlNode.ScalarType.INT,
                            parser.getText(), value);
                }
                case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(file, line, path,
                        YamlNode.ScalarType.FLOAT, parser.getText(), floatValue(parser));
                case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(file, line, path,
                        YamlNode.ScalarType.BOOLEAN, parser.getText(), token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> new YamlNode.Scalar(file, line, path, YamlNode.ScalarType.NULL,
                        "", null);
                default -> {
                    problems.add(file, line, path.isEmpty() ? Problems.DOCUMENT : path,
                            "unsupported YAML value (" + token + ")");
                    yield new YamlNode.Scalar(file, line, path, YamlNode.ScalarType.NULL, "", null);
                }
            };
        }
    }
}
