package io.echopush.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link NodeServer} started from a test: the built WAR ({@code test.war}) in a JVM of its own with the given
 * settings as system properties, on this JVM's class path. Its log goes to {@code <folder>/node.log}.
 */
public final class Node implements AutoCloseable {

    private static final long READY_SECONDS = 60;

    private final Process process;
    private final AppUrls urls;

    private Node(Process process, AppUrls urls) {
        this.process = process;
        this.urls = urls;
    }

    public static Node start(String name, Map<String, String> settings) {
        String war = System.getProperty("test.war");
        if (war == null || !new File(war).isFile()) {
            throw new AssertionError("no WAR at test.war=" + war + " (failsafe runs after package)");
        }
        File folder = new File("target/nodes/" + name).getAbsoluteFile();
        folder.mkdirs();
        List<String> command = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
                "-Djava.io.tmpdir=" + folder,
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport=ALL-UNNAMED"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeServer.class.getName(), war,
                folder.getPath()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(new File(folder, "node.log")).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, port), "node-" + name + "-out");
        reader.setDaemon(true);
        reader.start();
        try {
            int listening = port.get(READY_SECONDS, TimeUnit.SECONDS);
            return new Node(process, new AppUrls(URI.create("http://127.0.0.1:" + listening + AppUrls.CONTEXT_PATH)));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("node " + name + " did not start (see " + folder + "/node.log)", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public AppUrls urls() {
        return urls;
    }

    /** Undeploys and ends the node's JVM (its standard input closed); killed if it does not end within 20 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("a node did not stop within 20 s");
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void readOutput(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    port.complete(Integer.parseInt(line.substring("READY ".length()).trim()));
                }
            }
            port.completeExceptionally(new IllegalStateException("the node's JVM ended"));
        } catch (IOException | NumberFormatException e) {
            port.completeExceptionally(e);
        }
    }
}
