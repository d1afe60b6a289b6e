package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.rollout.api.Clock;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for the Kubernetes API server; see the package documentation for what it
 * models. Start one per test with {@link #start()}, point client-java at {@link #url()} (or use
 * {@link #apiClient()}), and {@link #close()} it afterwards. Thread-safe.
 */
public final class FakeKubeApiServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService executor;
    private final HttpFront front;
    private final Clock clock;
    private final ResourceTypes types = new ResourceTypes();
    private final ObjectStore store;
    private final ApiHandler api;
    private final Watches watches;
    private final Faults faults = new Faults();
    private final RequestLog requests = new RequestLog();
    private final PodLogs podLogs = new PodLogs();
    private final List<FakeController> controllers = new CopyOnWriteArrayList<>();
    private final DeploymentController deployments;
    private final JobController jobs;
    private final ArgoCdController argoCd;
    private final ArgoRolloutsController argoRollouts;
    private volatile boolean autoTick;

    private FakeKubeApiServer(Clock clock) throws IOException {
        this.clock = clock;
        this.store = new ObjectStore(clock);
        this.api = new ApiHandler(store, types, true);
        this.watches = new Watches(store, types);
        this.deployments = new DeploymentController(this);
        this.jobs = new JobController(this);
        this.argoCd = new ArgoCdController(this);
        this.argoRollouts = new ArgoRolloutsController(this);
        controllers.addAll(List.of(deployments, jobs, argoCd, argoRollouts));
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-kube-api");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        front = new HttpFront(store, types, api, watches, faults, requests, podLogs, () -> {
            if (autoTick) {
                tick();
            }
        });
        http.createContext("/", front);
        http.setExecutor(executor);
        http.start();
    }

    /** Starts a server on an ephemeral loopback port, with timestamps from the system clock. */
    public static FakeKubeApiServer start() {
        return start(Clock.SYSTEM);
    }

    /** Starts a server on an ephemeral loopback port whose timestamps and deadlines follow {@code clock}. */
    public static FakeKubeApiServer start(Clock clock) {
        try {
            return new FakeKubeApiServer(clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Kubernetes API server", e);
        }
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** A new client-java client for this server, with a 10-second read timeout. */
    public ApiClient apiClient() {
        ApiClient client = new ApiClient();
        client.setBasePath(url());
        client.setReadTimeout(10_000);
        return client;
    }

    /** A kubeconfig whose only context, {@code fake}, points at this server with a dummy bearer token. */
    public String kubeconfig(String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fake
                  cluster:
                    server: %s
                users:
                - name: fake
                  user:
                    token: fake-token
                contexts:
                - name: fake
                  context:
                    cluster: fake
                    user: fake
                    namespace: %s
                current-context: fake
                """.formatted(url(), namespace);
    }

    /** How many watch streams are open now (lets a test await its watcher before acting). */
    public int openWatches() {
        return watches.open();
    }

    /** The clock used for timestamps and deadlines. */
    public Clock clock() {
        return clock;
    }

    /** The stored objects, for seeding and assertions without going through HTTP. */
    public ObjectStore store() {
        return store;
    }

    /** The resource types; register a custom resource here to give it a {@code /status} subresource. */
    public ResourceTypes types() {
        return types;
    }

    /** The fault-injection rules. */
    public Faults faults() {
        return faults;
    }

    /** The log of every request received. */
    public RequestLog requests() {
        return requests;
    }

    /** The pod logs served at {@code .../pods/{name}/log}. */
    public PodLogs podLogs() {
        return podLogs;
    }

    /** The simulated Deployment controller (also creates ReplicaSets and Pods). */
    public DeploymentController deployments() {
        return deployments;
    }

    /** The simulated Job controller. */
    public JobController jobs() {
        return jobs;
    }

    /** The simulated Argo CD Application controller (off until {@code enable()}). */
    public ArgoCdController argoCd() {
        return argoCd;
    }

    /** The simulated Argo Rollouts Rollout controller (off until {@code enable()}). */
    public ArgoRolloutsController argoRollouts() {
        return argoRollouts;
    }

    /** Adds a controller that {@link #tick()} runs after the built-in ones. */
    public void addController(FakeController controller) {
        controllers.add(controller);
    }

    /** Runs every controller once, in order: deployments, jobs, Argo CD and Argo Rollouts (when enabled), added ones. */
    public synchronized void tick() {
        for (FakeController c : controllers) {
            c.reconcile();
        }
    }

    /** Runs {@link #tick()} {@code n} times. */
    public void tick(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    /** When on, every request is preceded by one {@link #tick()}, so polling clients see controllers progress. */
    public void autoTick(boolean on) {
        this.autoTick = on;
    }

    /**
     * Turns the API server's validation of HTTP writes on or off (default on): object names, label
     * keys and values, and workload selectors (present, matching the template, immutable).
     */
    public void validation(boolean on) {
        api.validate(on);
    }

    /** The resource type of an apiVersion ({@code v1}, {@code apps/v1}) and plural. */
    public ResourceType type(String apiVersion, String plural) {
        return types.resolve(groupOf(apiVersion), plural, null);
    }

    /** Creates an object directly in the store (no request logged); {@code namespace} "" for cluster-scoped. */
    public ObjectNode create(String apiVersion, String plural, String namespace, String json) {
        ObjectNode body = ApiHandler.parseObject(json.getBytes(StandardCharsets.UTF_8));
        body.put("apiVersion", apiVersion);
        ResourceType type = body.has("kind") && !types.isRegistered(type(apiVersion, plural))
                ? types.learn(groupOf(apiVersion), plural, body.get("kind").asText()) : type(apiVersion, plural);
        ObjectNode created = store.create(type, namespace, body);
        if (type.statusSubresource() && body.has("status")) {
            String name = created.path("metadata").path("name").asText();
            return store.mutate(type, namespace, name, o -> o.set("status", body.get("status"))).orElseThrow();
        }
        return created;
    }

    /** Reads an object directly from the store. */
    public Optional<ObjectNode> get(String apiVersion, String plural, String namespace, String name) {
        return store.get(type(apiVersion, plural), namespace, name);
    }

    static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Stops the server and ends open watches. */
    @Override
    public void close() {
        front.stop();
        watches.closeAll();
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
