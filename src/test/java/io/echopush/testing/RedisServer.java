package io.echopush.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@code redis-server} (the Debian package; {@code .ci/run} installs it) for the bus tests: on 127.0.0.1,
 * on a free port, in a folder under {@code target/}, without persistence or with an append-only file synced at every
 * write ({@link #startPersistent()}). It can be killed (SIGKILL: the broker vanishing) and started again on the same
 * port, with its data if persistent. A machine without it fails the test, saying so.
 */
public final class RedisServer implements AutoCloseable {

    public static final String COMMAND = "redis-server";
    private static final long READY_SECONDS = 15;

    private final int port;
    private final Path folder;
    private final boolean persistent;
    private Process process;

    private RedisServer(int port, Path folder, boolean persistent) {
        this.port = port;
        this.folder = folder;
        this.persistent = persistent;
    }

    /** Starts one without persistence on a free port; waits until it accepts connections. */
    public static RedisServer start() {
        return start(false);
    }

    /** Starts one whose data outlives a kill: every write is in its append-only file before it is answered. */
    public static RedisServer startPersistent() {
        return start(true);
    }

    private static RedisServer start(boolean persistent) {
        try {
            int port = freePort();
            Path folder = Files.createDirectories(Path.of("target", "redis", Integer.toString(port)));
            RedisServer server = new RedisServer(port, folder.toAbsolutePath(), persistent);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}: the value of {@code echopush.bus}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The broker vanishes at once (SIGKILL): connections reset, nothing is said first. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /**
     * The broker stops answering without closing anything (SIGSTOP), as a host that vanished from the network:
     * connections stay open, requests go unanswered. {@link #resume()} lets it go on.
     */
    public void freeze() {
        signal("-STOP");
    }

    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts it (again) on the same port; waits until it says it accepts connections. */
    public void restart() {
        if (process != null) {
            throw new IllegalStateException("already running");
        }
        ProcessBuilder builder = new ProcessBuilder(COMMAND, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always",
                "--dir", folder.toString())
                .redirectErrorStream(true);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(COMMAND + " could not be started (is the Debian package redis-server"
                    + " installed? .ci/run installs it): " + e.getMessage(), e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process started = process;
        Thread reader = new Thread(() -> readLog(started, ready), "redis-server-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            kill();
            throw new AssertionError(COMMAND + " on port " + port + " did not become ready", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            signal("-CONT"); // a frozen server would not end on SIGTERM
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    /** Reads the server's log to its end (so that it never blocks on a full pipe); completes at "Ready". */
    private static void readLog(Process process, CompletableFuture<Void> ready) {
        try (BufferedReader log = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            for (String line; (line = log.readLine()) != null; ) {
                if (!ready.isDone()) {
                    seen.append(line).append('\n');
                }
                if (line.contains("Ready to accept connections")) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IllegalStateException("redis-server ended:\n" + seen));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
