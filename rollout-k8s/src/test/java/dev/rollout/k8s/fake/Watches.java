package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Serves {@code ?watch=true}: a chunked stream of {@code {"type":..,"object":..}} lines. Without a
 * resourceVersion (or with "0") the stream starts with ADDED for every existing object; with one,
 * it replays the retained changes after it, or sends a 410 Expired ERROR when it is too old.
 */
final class Watches {
    private final ObjectStore store;
    private final ResourceTypes types;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    Watches(ObjectStore store, ResourceTypes types) {
        this.store = store;
        this.types = types;
    }

    int open() {
        return open.get();
    }

    void closeAll() {
        closed = true;
    }

    void serve(HttpExchange exchange, ApiPath p, Map<String, String> query) throws IOException {
        ResourceType type = types.resolve(p.group(), p.plural(), null);
        LabelSelector labels = LabelSelector.parse(query.get("labelSelector"));
        ApiHandler.FieldSelector fields = ApiHandler.FieldSelector.parse(query.get("fieldSelector"));
        long timeoutMillis = Long.parseLong(query.getOrDefault("timeoutSeconds", "3600")) * 1000;
        String rv = query.getOrDefault("resourceVersion", "");
        BlockingQueue<ObjectStore.Event> queue = new LinkedBlockingQueue<>();
        Consumer<ObjectStore.Event> listener = e -> {
            if (!e.resourceType().group().equals(type.group()) || !e.resourceType().plural().equals(type.plural())
                    || (p.namespace() != null
                        && !p.namespace().equals(e.object().path("metadata").path("namespace").asText("")))) {
                return;
            }
            boolean now = labels.test(ApiHandler.labelsOf(e.object())) && fields.test(e.object());
            boolean before = e.previous() != null && labels.test(ApiHandler.labelsOf(e.previous()))
                    && fields.test(e.previous());
            // As the real server: an object entering or leaving the selection is ADDED or DELETED.
            if ("MODIFIED".equals(e.type()) && now != before) {
                queue.add(new ObjectStore.Event(now ? "ADDED" : "DELETED", e.resourceType(), e.resourceVersion(),
                        e.object(), null));
            } else if (now) {
                queue.add(e);
            }
        };
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        open.incrementAndGet();
        try {
            long since;
            if (rv.isEmpty() || rv.equals("0")) {
                since = store.resourceVersion();
                for (ObjectNode o : store.list(type, p.namespace())) {
                    listener.accept(new ObjectStore.Event("ADDED", type, since, o, null));
                }
            } else {
                since = Long.parseLong(rv);
            }
            if (!store.subscribe(since, listener)) {
                ObjectNode status = StatusError.status(410, "Failure", "Expired",
                        "too old resource version: " + rv + " (" + store.resourceVersion() + ")", null, null);
                write(out, "ERROR", status);
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!closed && System.nanoTime() < deadline) {
                ObjectStore.Event e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    write(out, e.type(), ApiHandler.out(e.object().deepCopy(), p, true));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | NumberFormatException e) {
            // The client went away or sent a bad resourceVersion: the stream simply ends.
        } finally {
            store.unsubscribe(listener);
            open.decrementAndGet();
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static void write(OutputStream out, String type, ObjectNode object) throws IOException {
        ObjectNode event = ApiHandler.JSON.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        out.write((ApiHandler.JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
