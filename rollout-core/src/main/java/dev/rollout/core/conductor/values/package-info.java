/**
 * Helm values layering for the deployment conductor: a service's chart directory holds
 * {@code values.yaml}, {@code values-<env>.yaml} and {@code values-<env>-<cluster>.yaml} (each
 * optional), and each cluster gets what the chart's templates would see after
 * {@code helm install -f values.yaml -f values-<env>.yaml -f values-<env>-<cluster>.yaml}
 * ({@link dev.rollout.core.conductor.values.HelmValues#forCluster}), with the
 * {@link dev.rollout.core.conductor.values.Provenance} (file:line) of every final value. The same
 * file list goes to Argo CD as {@code helm.valueFiles}
 * ({@link dev.rollout.core.conductor.values.HelmValues#valueFiles}), so Argo CD renders the same.
 *
 * <h2>Where this follows Helm, end to end</h2>
 * Checked against Helm's sources ({@code pkg/cli/values/options.go} {@code MergeValues},
 * {@code pkg/chart/v2/loader/load.go} {@code MergeMaps}, {@code pkg/chart/common/util/coalesce.go}
 * {@code CoalesceValues}, Helm 3.19 and 4) and the Helm guide's "Values Files" page
 * ("Deleting a default key"). Helm does two merges, and so do we:
 * <ol>
 *   <li>The {@code -f} files are merged in order ({@code MergeMaps}): maps merge deeply, a later
 *       file wins, anything that is not a map on both sides is replaced whole (lists are never
 *       merged or appended; a map replaces a scalar and a scalar a map), and a {@code null} is
 *       kept as a value, so a later file can set the key again.</li>
 *   <li>The result is coalesced over the chart's own {@code values.yaml} ({@code CoalesceValues}):
 *       a {@code null} deletes the key, at any depth; a chart default the files do not mention is
 *       added; two maps coalesce key by key; otherwise the files' value wins.</li>
 * </ol>
 * An empty or comments-only file (or a lone {@code ---}) is an empty layer that changes nothing.
 * Because values.yaml is also the chart's defaults, step 2 has one visible effect that a plain
 * "later file wins" merge would not have, and we reproduce it: when a later file deletes or
 * replaces a map that values.yaml defines ({@code resources: null} or {@code resources: off}) and
 * an even later file sets that key to a map again, values.yaml's keys of that map come back
 * (their provenance is then values.yaml). {@link dev.rollout.core.conductor.values.HelmValues#merge(
 * java.util.List)} is step 1 alone, for a chart without defaults;
 * {@link dev.rollout.core.conductor.values.HelmValues#merge(
 * dev.rollout.core.conductor.values.ValuesFile, java.util.List)} is both steps.
 *
 * <p>Scalars are typed as Helm's YAML library (go-yaml v2 under {@code sigs.k8s.io/yaml}) types
 * them, not as SnakeYAML or Jackson would: {@code y, Y, yes, on} and {@code n, N, no, off} (in
 * the usual capitalisations) are booleans; {@code 0755} is octal, {@code 0x1F} hex,
 * {@code 0b101} binary, {@code 1_000} is 1000; {@code 1:20} and {@code 2024-01-31} stay strings;
 * anything quoted or tagged {@code !!str} is a string. Keys are strings; an unquoted boolean or
 * integer key is spelled canonically ({@code on:} is the key {@code "true"}), as Helm's JSON
 * round trip does. Anchors and aliases work, and so do merge keys ({@code <<: *base} and
 * {@code <<: [*a, *b]}, where earlier maps win) in go-yaml v2's order: {@code <<} applies where
 * it is written, so it overrides the keys written before it and the keys after it override it.
 *
 * <h2>Intentional differences</h2>
 * <ul>
 *   <li>No null survives: {@link dev.rollout.core.conductor.values.MergedValues#asMap()} never
 *       holds a null map value. Helm keeps a nulled key that no chart default had as a key with a
 *       nil value (Helm 4 always; Helm 3 unless a chart-default map encloses it), which templates
 *       print as {@code <no value>}, {@code hasKey} finds and {@code toYaml} prints as
 *       {@code null}; for us it is absent. Null items
 *       of a list are kept, since a list is a value, not keys to merge.</li>
 *   <li>Integers stay exact {@code Long}s. Helm's JSON round trip makes every number a float64,
 *       so a template prints {@code 1000000} as {@code 1e+06} and loses integers beyond
 *       2^53; an integer beyond 64 bits is a {@code Double} here, as it is there.</li>
 *   <li>A file with two YAML documents is refused (Helm 3 reads only the first, Helm 4 merges
 *       them), and so is a duplicate key in one mapping (go-yaml v2 lets the later one win): both
 *       are almost always mistakes, and silence would hide them.</li>
 *   <li>Subcharts, {@code global} propagation, {@code --set} and {@code import-values} are not
 *       modelled: the conductor reads its own keys from the top-level chart's values.</li>
 * </ul>
 *
 * <h2>Paths</h2>
 * {@link dev.rollout.core.conductor.values.MergedValues} takes paths in the project's field-path
 * spelling, the same one {@link dev.rollout.core.conductor.values.MergedValues#leaves()} prints:
 * {@code image.tag}; a key that is not letters, digits, {@code _ $ -} in brackets and quotes,
 * such as {@code podAnnotations["prometheus.io/scrape"]} or {@code labels["café"]}; a list item
 * by index, {@code hosts[0]}. A dot always separates keys, so {@code a.b} never matches a key
 * literally named {@code a.b} (Helm's own {@code Values.PathValue} cannot reach such a key at
 * all).
 *
 * <h2>Limits</h2>
 * A values file is read as UTF-8 (a byte-order mark is ignored) and limited like the project's
 * other YAML files: SnakeYAML's 3 MiB code points, nesting 50 deep, 50 aliases of collections;
 * an alias graph may expand to at most a million values, and an alias cycle is refused. Every
 * error is an {@link dev.rollout.api.InvalidSpecException} naming the file, line and path.
 */
package dev.rollout.core.conductor.values;
