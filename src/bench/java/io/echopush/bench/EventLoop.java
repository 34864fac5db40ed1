package io.echopush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The load generator's one I/O thread: reads every client's socket into one shared buffer and hands what came to
 * that client (a WebSocket {@link Conn} or an event stream, {@link SseStream}); writes what a client's socket
 * could not take at once.
 */
final class EventLoop implements Runnable {

    /** The one loop every client of the load generator shares. */
    static final EventLoop SHARED = start();

    /** A connection the loop serves; the loop calls {@code onBytes} and {@code flush} on its own thread only. */
    interface Client {
        SocketChannel channel();

        /** What the socket gave; valid only during the call. */
        void onBytes(ByteBuffer data);

        /** Writes what waits; answers whether all of it is written. */
        boolean flush() throws IOException;

        void abort();
    }

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocate(256 * 1024);

    private EventLoop(Selector selector) {
        this.selector = selector;
    }

    private static EventLoop start() {
        try {
            EventLoop loop = new EventLoop(Selector.open());
            Thread thread = new Thread(loop, "bench-client-loop");
            thread.setDaemon(true);
            thread.start();
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code conn} from now on; {@code rest} is what came after the handshake's response. */
    void register(Client conn, ByteBuffer rest) {
        run(() -> {
            try {
                conn.channel().register(selector, SelectionKey.OP_READ, conn);
                if (rest.hasRemaining()) {
                    conn.onBytes(rest);
                }
            } catch (IOException e) {
                conn.abort();
            }
        });
    }

    /** Asks the loop to write {@code conn}'s waiting frames when its socket can take them. */
    void wantWrite(Client conn) {
        run(() -> {
            SelectionKey key = conn.channel().keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        });
    }

    private void run(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    @Override
    public void run() {
        while (true) {
            try {
                selector.select();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Client conn = (Client) key.attachment();
                    try {
                        if (key.isWritable() && conn.flush()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        if (key.isReadable()) {
                            read(conn);
                        }
                    } catch (IOException | CancelledKeyException e) {
                        conn.abort();
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                e.printStackTrace(); // a bug of the harness: say so, and go on serving the other connections
            }
        }
    }

    private void read(Client conn) throws IOException {
        while (true) {
            in.clear();
            int read = conn.channel().read(in);
            if (read < 0) {
                conn.abort();
                return;
            }
            if (read == 0) {
                return;
            }
            conn.onBytes(in.flip());
            if (read < in.capacity()) {
                return;
            }
        }
    }
}
