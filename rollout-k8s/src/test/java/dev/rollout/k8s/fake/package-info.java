/**
 * A loopback stand-in for the Kubernetes API server, for tests that drive client-java 27 against
 * something faithful without a cluster.
 *
 * <h2>Start it</h2>
 * <pre>{@code
 * try (FakeKubeApiServer server = FakeKubeApiServer.start(mockClock)) {   // or start() for the system clock
 *     ApiClient client = server.apiClient();                              // basePath server.url(), 10 s read timeout
 *     ...
 * }
 * }</pre>
 *
 * <h2>What it serves</h2>
 * Any resource by URL, generic over group, version and plural:
 * {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}[/status|/scale]]} and
 * {@code /apis/{group}/{version}/...}; a list without a namespace spans all namespaces. Objects are
 * stored per group and plural (not per version), so {@code split.smi-spec.io/v1alpha1} and
 * {@code v1alpha2} see the same TrafficSplit. {@link dev.rollout.k8s.fake.ResourceTypes} knows the
 * built-in kinds (deployments, replicasets, pods, services, configmaps, secrets, jobs, leases,
 * ingresses, ...) and the custom resources of Gateway API, SMI, Istio, Argo CD and Argo Rollouts;
 * any other plural is a custom resource without a status subresource (register a
 * {@link dev.rollout.k8s.fake.ResourceType} to change that).
 * <ul>
 *   <li>GET, LIST ({@code labelSelector}: {@code a=b a==b a!=b a in (x,y) a notin (x) a !a};
 *       {@code fieldSelector} on dotted paths such as {@code metadata.name}), POST (201; 409
 *       AlreadyExists; 500 when the body carries a resourceVersion, as the real storage layer), PUT (409 Conflict on a stale {@code metadata.resourceVersion}; built-in kinds
 *       accept a PUT without one, custom resources answer 422), DELETE (built-in kinds answer a
 *       Status, custom resources the deleted object; dependents found by ownerReferences uid are
 *       deleted recursively unless {@code propagationPolicy=Orphan}, which strips the reference;
 *       finalizers delay deletion), DELETE on a collection.</li>
 *   <li>PATCH by Content-Type: {@code application/merge-patch+json} (RFC 7386),
 *       {@code application/json-patch+json} (RFC 6902; malformed → 400, failed {@code test} or
 *       missing path → 422), {@code application/strategic-merge-patch+json} for built-in kinds only
 *       (approximation documented on {@link dev.rollout.k8s.fake.Patches}; custom resources → 415),
 *       {@code application/apply-patch+yaml} (server-side apply, approximated: needs
 *       {@code fieldManager}; creates a missing object, else merges the applied configuration in; no
 *       field ownership, conflicts or managedFields), anything else (including the generated
 *       {@code patchNamespaced*().execute()}'s {@code application/json}) → 415. A resourceVersion in
 *       the patch is a precondition.</li>
 *   <li>Validation of HTTP writes (422 Invalid, as the real server): names (RFC 1123 subdomain;
 *       RFC 1035 label for Services), label keys and values (also in pod templates), workload
 *       selectors (required, matching the template labels, immutable), a Job's immutable template,
 *       selector and completions. {@code server.validation(false)}
 *       turns it off. Nothing else is validated (no schemas, no namespace existence).</li>
 *   <li>{@code dryRun=All} on writes runs against a throw-away copy of the store: the answer is
 *       what the write would return, nothing is kept.</li>
 *   <li>{@code /status}: PUT/PATCH change only {@code .status}; for kinds with a status subresource
 *       main-resource writes (and creates) ignore {@code .status}. {@code /scale} for deployments,
 *       replicasets and statefulsets ({@code autoscaling/v1 Scale}).</li>
 *   <li>Metadata: uid, a global increasing resourceVersion (string), generation (bumped when
 *       anything but metadata and, with a status subresource, status changes; absent for
 *       configmaps, secrets, leases, services), creationTimestamp from the clock.</li>
 *   <li>Errors are {@code Status} objects: {@code {"kind":"Status","apiVersion":"v1","status":"Failure",
 *       "reason":"Conflict","code":409,"details":{...}}}.</li>
 *   <li>Watches: {@code ?watch=true} streams {@code {"type":"ADDED|MODIFIED|DELETED","object":..}}
 *       lines; {@code resourceVersion} resumes (410 Expired ERROR when too old), selectors apply (an
 *       object entering or leaving the selection is ADDED or DELETED);
 *       client-java's {@code Watch} and {@code SharedInformerFactory} work against it (use a client
 *       with read timeout 0 for them); {@code server.openWatches()} counts open streams. No BOOKMARK
 *       events.</li>
 *   <li>{@code /version}.</li>
 * </ul>
 *
 * <h2>Seed, read, fail, inspect</h2>
 * <ul>
 *   <li>{@code server.create(apiVersion, plural, namespace, json)} and {@code server.get(...)} work on
 *       the store directly (no request logged; a {@code status} in the JSON is kept);
 *       {@code server.store()} has {@code get/list/create/replace/mutate/delete} by
 *       {@code server.type(apiVersion, plural)}.</li>
 *   <li>{@code server.faults().on("PATCH", "/apis/apps/v1/.*").times(2).conflict()}; also
 *       {@code serverError()}, {@code tooManyRequests(retryAfterSeconds)},
 *       {@code respond(code, reason, message)}, {@code hang(duration)} (then drop),
 *       {@code drop()}, {@code applyThenDrop()} (the write happens, the answer is lost),
 *       {@code delay(duration)}, {@code hold()} (returns a {@code Faults.Gate}: {@code awaitHeld(timeout)},
 *       then {@code release()}, for deterministic races); {@code always()} instead of {@code times(n)};
 *       {@code faults().latency(duration)}; {@code faults().clear()}.</li>
 *   <li>{@code server.requests()}: {@code all()}, {@code writes()}, {@code writeCount()},
 *       {@code matching(method, pathRegex)}, {@code reset()}; each
 *       {@link dev.rollout.k8s.fake.RequestLog.Entry} has method, path, query, contentType, body and
 *       status (-1 for a dropped connection), and {@code json()} parses the body.</li>
 *   <li>{@code server.kubeconfig(namespace)}: a kubeconfig (context {@code fake}, dummy token) for
 *       code that loads one ({@code Config.fromConfig(reader)}).</li>
 * </ul>
 *
 * <h2>Controllers</h2>
 * Nothing moves on its own. {@code server.tick()} runs one reconcile pass of each simulated
 * controller (deployments, jobs, Argo CD, Argo Rollouts, then any added with
 * {@code addController}). The Deployment and Job controllers are always on; the two Argo ones are
 * off until {@code server.argoCd().enable()} / {@code server.argoRollouts().enable()}, so that
 * tests with their own Argo stand-ins keep working. {@code server.autoTick(true)} also runs one
 * tick before every request, so a polling client sees progress (a client that only waits on a
 * watch sends no requests: tick from the test). Controllers write to the store directly: their writes are not in
 * the request log but do bump resourceVersions and reach watches.
 * <ul>
 *   <li>{@link dev.rollout.k8s.fake.DeploymentController} ({@code server.deployments()}):
 *       {@code whenImage(image, PodBehaviour)}, {@code whenLabel(k, v, ...)}, {@code when(predicate,
 *       ...)}, {@code defaultBehaviour(...)}, {@code progressDeadlineTicks(n)}; behaviours
 *       {@link dev.rollout.k8s.fake.PodBehaviour#ready()}, {@code readyAfter(n)} (ticks),
 *       {@code readyAfter(Duration)} (server clock), {@code crashLoop()},
 *       {@code imagePullFailure()}. It creates a ReplicaSet per pod template and Pods owned by it
 *       (approximations on the class).</li>
 *   <li>{@link dev.rollout.k8s.fake.JobController} ({@code server.jobs()}): {@code whenImage},
 *       {@code whenNameStartsWith}, {@code when}, {@code defaultOutcome} with
 *       {@link dev.rollout.k8s.fake.JobOutcome} ({@code succeedAfter(n)}, {@code failAfter(n[, msg])},
 *       {@code .withLogs(text)}); one Pod per Job, labelled {@code job-name}, whose {@code /log}
 *       answers the outcome's logs ({@code server.podLogs()} sets any pod's log).</li>
 *   <li>{@link dev.rollout.k8s.fake.ArgoCdController} ({@code server.argoCd()}):
 *       {@code whenRevision(revision, SyncOutcome)}, {@code defaultOutcome}, {@code syncTicks(n)},
 *       {@code progressingTicks(n)}, {@code resolveWith(target -> sha)}; outcomes {@link dev.rollout.k8s.fake.SyncOutcome#healthy()},
 *       {@code degraded()}, {@code degraded(healthMessage)}, {@code progressing()}, {@code failed(msg)}, {@code error(msg)}.</li>
 *   <li>{@link dev.rollout.k8s.fake.ArgoRolloutsController} ({@code server.argoRollouts()}): no
 *       settings; drive it with status patches as {@code kubectl argo rollouts} does
 *       ({@code {"status":{"pauseConditions":null}}}, {@code {"status":{"abort":true}}},
 *       {@code {"status":{"promoteFull":true}}}, {@code {"spec":{"paused":false}}}).</li>
 * </ul>
 *
 * <p>Test code only. The server, its store, log, faults and controllers are thread-safe.
 */
package dev.rollout.k8s.fake;
