package dev.rollout.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line arguments: the positional words and the {@code --flag [value]} options.
 * Flags named in {@code repeatable} may be given several times; {@code booleans} take no value.
 */
final class CliArgs {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private CliArgs() {
    }

    /** Parses {@code args}; unknown flags and missing values are usage errors naming the flag. */
    static CliArgs parse(String[] args, Set<String> valued, Set<String> repeatable,
            Set<String> booleans) {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (booleans.contains(name)) {
                if (inlineValue != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                parsed.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name) || repeatable.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                List<String> values = parsed.options.computeIfAbsent(name, k -> new ArrayList<>());
                if (!values.isEmpty() && !repeatable.contains(name)) {
                    throw new UsageException("--" + name + " may be given only once");
                }
                values.add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return parsed;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String value(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(0);
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** A command-line mistake: printed with the usage, exit code 64. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
