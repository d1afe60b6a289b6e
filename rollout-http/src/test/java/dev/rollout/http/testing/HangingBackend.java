package dev.rollout.http.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A loopback HTTP server that reads each request and never answers; it sees when the client hangs up. */
public final class HangingBackend implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private int accepted;
    private int closed;

    /** Starts listening on a free loopback port. */
    public HangingBackend() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "hanging-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL to point a provider at. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Whether every connection accepted so far was closed by its client within {@code within}. */
    public synchronized boolean awaitAllClosed(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (closed < accepted) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** How many connections were accepted so far. */
    public synchronized int accepted() {
        return accepted;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                synchronized (this) {
                    accepted++;
                }
                Thread reader = new Thread(() -> drain(client), "hanging-backend-client");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drain(Socket client) {
        try (client; InputStream in = client.getInputStream()) {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // Read the request and anything after it; never answer.
            }
        } catch (IOException e) {
            // A reset is a hang-up too.
        }
        synchronized (this) {
            closed++;
            notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
