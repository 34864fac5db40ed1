package io.echopush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The load generator's one I/O thread: reads every {@link Conn}'s socket into one shared buffer, cuts it into
 * frames and hands them to their connection; writes what a connection's socket could not take at once.
 */
final class EventLoop implements Runnable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocate(256 * 1024);

    private EventLoop(Selector selector) {
        this.selector = selector;
    }

    static EventLoop start() {
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
    void register(Conn conn, ByteBuffer rest) {
        run(() -> {
            try {
                conn.channel.register(selector, SelectionKey.OP_READ, conn);
                if (rest.hasRemaining()) {
                    frames(conn, rest);
                }
            } catch (IOException e) {
                conn.abort();
            }
        });
    }

    /** Asks the loop to write {@code conn}'s waiting frames when its socket can take them. */
    void wantWrite(Conn conn) {
        run(() -> {
            SelectionKey key = conn.channel.keyFor(selector);
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
                    Conn conn = (Conn) key.attachment();
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

    private void read(Conn conn) throws IOException {
        while (true) {
            in.clear();
            int read = conn.channel.read(in);
            if (read < 0) {
                conn.abort();
                return;
            }
            if (read == 0) {
                return;
            }
            frames(conn, in.flip());
            if (read < in.capacity()) {
                return;
            }
        }
    }

    /** Cuts {@code data} (after what was left of the last read) into frames; keeps an unfinished one's bytes. */
    private static void frames(Conn conn, ByteBuffer data) {
        ByteBuffer bytes = data;
        if (conn.partial.hasRemaining()) {
            bytes = ByteBuffer.allocate(conn.partial.remaining() + data.remaining()).put(conn.partial).put(data).flip();
        }
        while (bytes.remaining() >= 2) {
            int start = bytes.position();
            int first = bytes.get() & 0xFF;
            int second = bytes.get() & 0x7F; // servers never mask
            long length = second;
            if (second == 126) {
                if (bytes.remaining() < 2) {
                    bytes.position(start);
                    break;
                }
                length = bytes.getShort() & 0xFFFF;
            } else if (second == 127) {
                if (bytes.remaining() < 8) {
                    bytes.position(start);
                    break;
                }
                length = bytes.getLong();
            }
            if (bytes.remaining() < length) {
                bytes.position(start);
                break;
            }
            byte[] payload = new byte[(int) length];
            bytes.get(payload);
            conn.onFrame((first & 0x80) != 0, first & 0x0F, payload);
        }
        conn.partial = bytes.hasRemaining() ? ByteBuffer.allocate(bytes.remaining()).put(bytes).flip() : EMPTY;
    }
}
