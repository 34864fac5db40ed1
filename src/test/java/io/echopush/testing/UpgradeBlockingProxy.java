package io.echopush.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP proxy that passes plain HTTP but refuses WebSocket upgrades with 502, as a corporate proxy does.
 * Each connection carries one request ({@code Connection: close} is forced), so that every request head is seen.
 * {@link #dropConnections()} cuts the connections open now (a stream broken mid-way); new ones are still served.
 */
public final class UpgradeBlockingProxy implements AutoCloseable {

    private static final byte[] REFUSAL = ("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 33\r\nConnection: close\r\n\r\nWebSocket upgrades are not passed").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listening;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int refused;

    public UpgradeBlockingProxy(int target) {
        this.target = target;
        try {
            listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TcpProxy.daemon(this::acceptLoop, "upgrade-blocking-proxy");
    }

    public int port() {
        return listening.getLocalPort();
    }

    /** How many WebSocket upgrades were refused so far. */
    public int refusedUpgrades() {
        return refused;
    }

    public void dropConnections() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        TcpProxy.closeQuietly(listening);
        dropConnections();
    }

    private void acceptLoop() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                open.add(client);
                TcpProxy.daemon(() -> serve(client), "upgrade-blocking-proxy-up");
            } catch (IOException e) {
                // the listening socket closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            String head = readHead(client.getInputStream());
            if (head.toLowerCase(Locale.ROOT).contains("\nupgrade: websocket")) {
                refused++;
                client.getOutputStream().write(REFUSAL);
                TcpProxy.closeQuietly(client);
                return;
            }
            Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
            open.add(server);
            server.getOutputStream().write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            TcpProxy.daemon(() -> TcpProxy.pump(server, client), "upgrade-blocking-proxy-down");
            TcpProxy.pump(client, server); // a request body, if any
        } catch (IOException e) {
            TcpProxy.closeQuietly(client);
        }
    }

    /** The request line and headers up to the blank line, as bytes read one by one (the body stays unread). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            if (head.size() >= 4 && new String(head.toByteArray(), head.size() - 4, 4, StandardCharsets.ISO_8859_1)
                    .equals("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("the client closed before a request head");
    }

    private static String withConnectionClose(String head) {
        String withoutConnection = head.replaceAll("(?im)^connection:[^\r\n]*\r\n", "");
        return withoutConnection.substring(0, withoutConnection.length() - 2) + "Connection: close\r\n\r\n";
    }
}
