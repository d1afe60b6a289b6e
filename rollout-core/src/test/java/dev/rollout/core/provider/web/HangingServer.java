package dev.rollout.core.provider.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A loopback HTTP server that reads requests and never answers; it counts connections the client closed. */
final class HangingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Semaphore closedByClient = new Semaphore(0);

    HangingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hanging-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/hang";
    }

    /** Whether a client closed a connection within {@code within}. */
    boolean awaitClientClose(Duration within) throws InterruptedException {
        return closedByClient.tryAcquire(within.toMillis(), TimeUnit.MILLISECONDS);
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
        try (s; InputStream in = s.getInputStream()) {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // keep reading until the client gives up
            }
            closedByClient.release();
        } catch (IOException e) {
            closedByClient.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
