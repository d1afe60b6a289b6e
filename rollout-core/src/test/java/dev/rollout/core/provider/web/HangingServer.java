package dev.rollout.core.provider.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that reads requests and never answers. Each hang gets its own path, so a
 * test can tell when the client closed that very connection.
 */
final class HangingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, CountDownLatch> opened = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> closed = new ConcurrentHashMap<>();

    HangingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hanging-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A new path to hang on; returns its URL. */
    String newHang() {
        String path = "/hang-" + next.incrementAndGet();
        opened.put(path, new CountDownLatch(1));
        closed.put(path, new CountDownLatch(1));
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /**
     * Whether the latest hang's request stopped: its connection was closed by the client within
     * {@code within}, or the request never reached the server (cancelled before it was sent; given
     * half a second to show up).
     */
    boolean awaitClientClose(Duration within) throws InterruptedException {
        String path = "/hang-" + next.get();
        CountDownLatch open = opened.get(path);
        if (open == null || !open.await(500, TimeUnit.MILLISECONDS)) {
            return open != null;
        }
        return closed.get(path).await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> drain(s), "hanging-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drain(Socket s) {
        String path = null;
        try (s; InputStream in = s.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            String[] request = line.toString(StandardCharsets.US_ASCII).split(" ");
            path = request.length > 1 ? request[1] : null;
            CountDownLatch open = path == null ? null : opened.get(path);
            if (open != null) {
                open.countDown();
            }
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // keep reading until the client gives up
            }
        } catch (IOException e) {
            // a reset counts as closed too
        }
        CountDownLatch latch = path == null ? null : closed.get(path);
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
