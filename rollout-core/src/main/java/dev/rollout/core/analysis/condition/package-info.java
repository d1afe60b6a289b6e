/**
 * The condition language of analysis metrics ({@code successCondition}, {@code failureCondition}):
 * Argo Rollouts' expressions, which are antonmedv/expr syntax, compiled once by
 * {@link dev.rollout.core.analysis.condition.Conditions#compile(String)} and evaluated per
 * measurement against {@code result}.
 *
 * <h2>Language</h2>
 * <ul>
 *   <li>{@code result}: {@code null} (no data), a scalar ({@code Number}, {@code String},
 *       {@code Boolean}), a {@code List<Object>} (vector), or a {@code Map<String, Object>}
 *       (an object, such as a JSON body), nested freely.</li>
 *   <li>Literals: ints ({@code 42}, {@code 0x2A}, {@code 1_000}), floats ({@code 0.95},
 *       {@code 1e-3}), strings in {@code '...'}, {@code "..."} or {@code `raw`}, {@code true},
 *       {@code false}, {@code nil}, lists {@code [1, 2]}.</li>
 *   <li>Operators, by increasing precedence: {@code a ? b : c}; {@code || or}; {@code && and};
 *       {@code == != < <= > >= in not in}; {@code + -}; unary {@code ! not}; {@code * / %};
 *       unary {@code - +}; {@code ** ^} (right-associative); {@code ??} (nil-coalescing);
 *       indexing {@code result[0]} ({@code result[-1]} is the last element) and member access
 *       {@code result.successRate}, {@code result["successRate"]}, chained as in
 *       {@code len(result[0].Values)}.</li>
 *   <li>Functions: {@code len, isNaN, isInf, isNil, default, asInt, asFloat}, and expr's
 *       predicate builtins {@code all, any, none, one, count, filter, map} written
 *       {@code all(result, {# > 0.9})} (braces optional), where {@code #} is the element and
 *       {@code .name} is short for {@code #.name}.</li>
 * </ul>
 *
 * <h2>Semantics (as expr and Argo)</h2>
 * <ul>
 *   <li>Ints and floats mix: {@code 1 == 1.0}; {@code + - *} of two ints is an int, any float
 *       makes a float; {@code /} always divides as floats ({@code 1 / 0} is +Inf); {@code %} needs
 *       two ints. Every comparison with NaN is false. Java {@code Long, Integer, Short, Byte} are
 *       ints; every other {@code Number} is a float.</li>
 *   <li>{@code ==} and {@code !=} never fail: values of different types are unequal, lists
 *       compare element by element, {@code nil == nil}.</li>
 *   <li>No data: {@code isNil(result)} is true and {@code default(result, x)} (or
 *       {@code result ?? x}) is {@code x}; ordering comparisons, arithmetic, indexing,
 *       {@code len} and the number helpers on nil throw
 *       {@link dev.rollout.core.analysis.condition.ConditionEvaluationException}, which is
 *       Argo's Error outcome; the analysis applies the metric's {@code noDataPolicy} to it.
 *       {@code && || and or} short-circuit, so {@code isNil(result) || result < 0.05} works.</li>
 *   <li>{@code isNaN} and {@code isInf} take a number (an int is never NaN nor Inf) and throw on
 *       anything else, nil included: Argo binds them to Go's {@code math.IsNaN(float64)}, which
 *       expr refuses to call with a non-number. {@code asInt} truncates floats and parses
 *       base-10 strings; {@code asFloat} parses decimal strings and {@code NaN}/{@code Inf},
 *       like Go's {@code strconv}.</li>
 *   <li>{@code len} of a string counts characters (code points), of a list its elements.</li>
 *   <li>Indexing a scalar or nil, or outside a list, throws an evaluation error naming the
 *       index and the list's size. A member a map does not have throws an evaluation error
 *       naming the member and the map's members (expr would read it as nil, so a misspelt
 *       field would look like no data on every measurement). {@code len} of a map counts its
 *       members, {@code "k" in map} tests for a member, {@code ==} compares maps deeply.</li>
 *   <li>Unknown names and functions are syntax errors at compile time (Argo's non-strict retry
 *       would read an unknown name as nil at measurement time); so is a wrong argument count.</li>
 *   <li>Not supported (not used in Argo conditions): map literals, optional chaining
 *       ({@code a?.b}), slices, ranges, {@code matches}, {@code contains}/{@code startsWith}/
 *       {@code endsWith}, variables and expr's other builtins.</li>
 * </ul>
 *
 * <h2>Bounds</h2>
 * A condition has at most 10,000 characters and 2,000 tokens, and its compiled tree is at most
 * 200 levels high (parentheses, operators, indexes, members and calls all count); anything
 * larger is a {@link dev.rollout.core.analysis.condition.ConditionSyntaxException} saying which
 * bound it passed. So compiling is linear in the text, and evaluating can neither overflow the
 * stack nor run long.
 *
 * <h2>Why our own parser rather than CEL ({@code dev.cel:cel})</h2>
 * Measured on this project's machine (2 shared cores), cel-java 0.14.0 with a {@code dyn}
 * {@code result} variable, heterogeneous numeric comparisons enabled:
 * <ul>
 *   <li>Syntax: CEL rejects {@code len(...)}, {@code and/or/not}, {@code nil},
 *       {@code all(result, {# > 0.9})} ("token recognition error at: '#'"), and has no
 *       {@code default}; so a translation front-end would itself need a full expr parser.</li>
 *   <li>Semantics: CEL arithmetic does not mix int and double ({@code result + 1} with
 *       {@code result = 0.5} fails "No matching overload for function '_+_'", and so would the
 *       common {@code result * 100 < 5}); a {@code null} bound for no data evaluates to a
 *       {@code CelUnknownSet} rather than failing; {@code /} of ints is integer division.</li>
 *   <li>Weight: 18 jars, 8.0 MB on the runtime classpath (guava 2.9 MB, protobuf-java 1.8 MB,
 *       cel runtime/compiler/common/protobuf 1.6 MB, snakeyaml, antlr4-runtime, threeten-extra,
 *       re2j), with guava, protobuf and snakeyaml versions to reconcile with the Kubernetes
 *       client and Jackson YAML. This package is about 70 KB of classes, no dependency.</li>
 *   <li>Throughput, one thread, {@code result[0] >= 0.95}: CEL 1.0–1.2 M evaluations/s on
 *       JDK 17, 1.2–1.9 M/s on JDK 25 ({@code result < 0.01}: 2.0–2.5 M/s); this package
 *       212 M/s median on JDK 17 and 231 M/s on JDK 25 ({@code result < 0.01}: 289 M/s and
 *       340 M/s; {@code len(result) == 0 || result[0] >= 0.95}: 49 M/s and 47 M/s), measured
 *       with {@code dev.rollout.examples.bench.ConditionBenchmark}. CEL does run on JDK 17 and
 *       25.</li>
 * </ul>
 * Since faithful expr syntax and semantics would need our own parser in front of CEL anyway, the
 * parser compiles straight to a tree of closures (no reflection, no code generation), which is
 * smaller, faster, and gives errors that name the column and what was expected.
 */
package dev.rollout.core.analysis.condition;
