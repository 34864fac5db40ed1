package io.echopush.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a server, for cutting one node off from Redis while the others keep it:
 * {@link #cut()} closes every connection through it and refuses new ones until {@link #restore()}. While the
 * server is down, a new connection is held open and never answered (what a TCP load balancer does).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    public TcpProxy(int target) {
        this.target = target;
        try {
            listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::acceptLoop, "proxy-accept-" + target);
    }

    public int port() {
        return listening.getLocalPort();
    }

    /** Every connection through the proxy ends now; new ones are closed as soon as they are made. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listening);
    }

    private void acceptLoop() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                open.add(client);
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException refused) {
                    // The target is down: the connection is held open and unanswered, as a TCP load balancer with a
                    // dead backend holds it (a client then waits for its read timeout), until cut() or close().
                    continue;
                }
                open.add(server);
                daemon(() -> pump(client, server), "proxy-up");
                daemon(() -> pump(server, client), "proxy-down");
            } catch (IOException e) {
                // the listening socket closed
            }
        }
    }

    /** Copies {@code from} to {@code to} until one side ends, then closes both (UpgradeBlockingProxy too). */
    static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16_384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    static void daemon(Runnable run, String name) {
        Thread thread = new Thread(run, name);
        thread.setDaemon(true);
        thread.start();
    }

    static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
