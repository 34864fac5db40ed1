package io.echopush.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.echopush.config.Setting;
import io.echopush.testing.RawWebSocket;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load generator of bench/run.sh: runs every scenario of issue 7 against one server and appends one JSON
 * line per result to a file. {@code Bench <target> <round> <base URL> <server pid> <results file>}.
 *
 * <p>Each scenario is bounded in time and count. Latencies are in microseconds from a send (open loop: from
 * the moment the send was due, so a stalled server is not hidden by a stalled sender: no coordinated
 * omission) to the echo or delivery, all on this machine's one clock.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STAMP = Pattern.compile("\"t\":(\\d+)");
    private static final int ECHO_CONNECTIONS = 100;
    private static final Pattern DROPPED = Pattern.compile("\"count\":(\\d+)");
    private static final int BURST = 10_000;
    /** A little under the WAR's default inbound allowance, so that the publisher is never closed for going over it. */
    private static final int ALLOWANCE_BURST =
            Integer.parseInt(Setting.INBOUND_MESSAGE_BURST.defaultValue()) - 100;
    private static final int ALLOWANCE_RATE =
            Integer.parseInt(Setting.INBOUND_MESSAGES_PER_SECOND.defaultValue()) * 95 / 100;

    private final String target;
    private final int round;
    private final URI base;
    private final ProcessFigures server;
    private final Path out;

    private Bench(String target, int round, URI base, long pid, Path out) {
        this.target = target;
        this.round = round;
        this.base = base;
        this.server = new ProcessFigures(pid);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench(args[0], Integer.parseInt(args[1]), URI.create(args[2]), Long.parseLong(args[3]),
                Path.of(args[4]));
        // -Dbench.only=fan_out,... runs only those scenarios (while working on one)
        Set<String> only = Set.of(System.getProperty("bench.only", "").split(","));
        java.util.function.Predicate<String> runs = name -> only.equals(Set.of("")) || only.contains(name);
        if (runs.test("echo_closed_loop")) {
            bench.echoClosedLoop(32);
            bench.echoClosedLoop(4096);
        }
        if (runs.test("echo_open_loop")) {
            for (int rate : new int[] {5_000, 10_000, 20_000, 40_000}) {
                bench.echoOpenLoop(rate);
            }
        }
        if (runs.test("fan_out")) {
            bench.fanOut(1_000);
            bench.fanOut(10_000);
        }
        if (runs.test("fan_out_sse")) {
            bench.fanOutSse(1_000);
            bench.fanOutSse(10_000);
        }
        if (runs.test("stalled_subscriber")) {
            bench.stalledSubscriber(false);
            bench.stalledSubscriber(true);
        }
        if (runs.test("burst_to_fast_readers")) {
            bench.burstToFastReaders(1);
            bench.burstToFastReaders(100);
        }
        if (runs.test("idle_capacity")) {
            bench.idleCapacity(19_000);
        }
        System.exit(0); // the JDK client's threads are not daemons
    }

    /** Scenario 1: each of 100 connections sends its next message as soon as the echo of the last is back. */
    private void echoClosedLoop(int bytes) throws Exception {
        String payload = "x".repeat(bytes);
        Recorder recorder = new Recorder(3);
        AtomicLong count = new AtomicLong();
        var measuring = new java.util.concurrent.atomic.AtomicBoolean();
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < ECHO_CONNECTIONS; i++) {
            long[] sentAt = new long[1];
            Conn[] self = new Conn[1];
            self[0] = Conn.open(ws("echo"), null, echo -> {
                long now = System.nanoTime();
                if (measuring.get()) {
                    recorder.recordValue((now - sentAt[0]) / 1_000);
                    count.incrementAndGet();
                }
                if (running.get()) {
                    sentAt[0] = System.nanoTime();
                    self[0].send(payload);
                }
            }).get(30, TimeUnit.SECONDS);
            conns.add(self[0]);
        }
        conns.forEach(conn -> conn.send(payload));
        Thread.sleep(3_000); // warm-up: a benchmark's wait, not a test's synchronisation
        measuring.set(true);
        recorder.reset();
        double cpuBefore = server.cpuSeconds();
        long start = System.nanoTime();
        Thread.sleep(10_000);
        long messages = count.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = server.cpuSeconds() - cpuBefore;
        Histogram histogram = recorder.getIntervalHistogram();
        running.set(false);
        Conn.closeAll(conns);
        ObjectNode metrics = latencies(histogram);
        metrics.put("messages_per_s", messages / seconds);
        metrics.put("server_cpu_s", cpu);
        metrics.put("messages_per_server_cpu_s", cpu > 0 ? messages / cpu : 0);
        write("echo_closed_loop", Map.of("bytes", bytes, "connections", ECHO_CONNECTIONS), metrics);
    }

    /** Scenario 2: messages due at a fixed rate over 100 connections, whatever the server does. */
    private void echoOpenLoop(int rate) throws Exception {
        Histogram histogram = new Histogram(3);
        AtomicLong received = new AtomicLong();
        long measureFrom = System.nanoTime() + 2_000_000_000L;
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < ECHO_CONNECTIONS; i++) {
            conns.add(Conn.open(ws("echo"), null, echo -> {
                long due = Long.parseLong(echo.substring(0, echo.indexOf(';')));
                if (due >= measureFrom) {
                    synchronized (histogram) {
                        histogram.recordValue(Math.max(0, System.nanoTime() - due) / 1_000);
                    }
                    received.incrementAndGet();
                }
            }).get(30, TimeUnit.SECONDS));
        }
        String padding = ";" + "x".repeat(8);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = measureFrom + 10_000_000_000L;
        long sent = 0;
        for (long i = 0; ; i++) {
            long due = start + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait - 20_000);
            }
            conns.get((int) (i % ECHO_CONNECTIONS)).send(due + padding);
            if (due >= measureFrom) {
                sent++;
            }
        }
        long drainUntil = System.nanoTime() + 10_000_000_000L;
        while (received.get() < sent && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        Conn.closeAll(conns);
        ObjectNode metrics;
        synchronized (histogram) {
            metrics = latencies(histogram);
        }
        metrics.put("sent", sent);
        metrics.put("received", received.get());
        write("echo_open_loop", Map.of("rate", rate, "connections", ECHO_CONNECTIONS), metrics);
    }

    /** Scenario 3: one publish reaches every one of {@code subscribers}; how long until the last has it. */
    private void fanOut(int subscribers) throws Exception {
        fanOut("fan_out", "fan", subscribers, onMessage -> {
            List<Conn> conns = subscribe("fan", subscribers, onMessage);
            return () -> Conn.closeAll(conns);
        });
    }

    /**
     * Scenario 3 over Server-Sent Events (issue 21): the subscribers are event streams of {@code /events}, the
     * publish still goes over {@code /push}. A topic of its own per run: a server may hear of closed streams only
     * at its next write to them, which must not land in the next measurement.
     */
    private void fanOutSse(int subscribers) throws Exception {
        String topic = "fan-sse-" + subscribers;
        fanOut("fan_out_sse", topic, subscribers, onMessage -> {
            List<SseStream> streams = streams(topic, subscribers, onMessage);
            return () -> SseStream.closeAll(streams);
        });
    }

    /** Opens the subscribers, each given the messages of their topic; answers how to close them. */
    private interface Subscribers {
        Runnable open(java.util.function.Consumer<String> onMessage) throws Exception;
    }

    private void fanOut(String scenario, String topic, int subscribers, Subscribers opener) throws Exception {
        Histogram perRecipient = new Histogram(3);
        AtomicReference<CountDownLatch> pending = new AtomicReference<>(new CountDownLatch(0));
        AtomicLong lastArrival = new AtomicLong();
        Runnable closeAll = opener.open(message -> {
            Matcher stamp = STAMP.matcher(message);
            if (message.startsWith("{\"type\":\"message\"") && stamp.find()) {
                long now = System.nanoTime();
                synchronized (perRecipient) {
                    perRecipient.recordValue((now - Long.parseLong(stamp.group(1))) / 1_000);
                }
                lastArrival.accumulateAndGet(now, Math::max);
                pending.get().countDown();
            }
        });
        Conn publisher = Conn.open(ws("push"), "push.v1", message -> { }).get(30, TimeUnit.SECONDS);
        Histogram untilLast = new Histogram(3);
        int completed = 0;
        for (int i = 0; i < 25; i++) {
            CountDownLatch all = new CountDownLatch(subscribers);
            pending.set(all);
            long t0 = System.nanoTime();
            publisher.send("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":{\"t\":" + t0 + "}}");
            if (all.await(30, TimeUnit.SECONDS)) {
                if (i >= 5) { // the first five warm up
                    untilLast.recordValue((lastArrival.get() - t0) / 1_000);
                    completed++;
                } else {
                    synchronized (perRecipient) {
                        perRecipient.reset();
                    }
                }
            }
            Thread.sleep(100);
        }
        publisher.close();
        closeAll.run();
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("publishes_complete", completed);
        if (completed > 0) { // none complete: no figure, rather than a 0 the report would take for the fastest
            metrics.put("until_last_p50_us", untilLast.getValueAtPercentile(50));
            metrics.put("until_last_max_us", untilLast.getMaxValue());
        }
        synchronized (perRecipient) {
            metrics.put("recipient_p50_us", perRecipient.getValueAtPercentile(50));
            metrics.put("recipient_p99_us", perRecipient.getValueAtPercentile(99));
        }
        write(scenario, Map.of("subscribers", subscribers), metrics);
    }

    /**
     * Scenario 5: 1,000 subscribers that read, a topic published 20 times a second (20,000 deliveries a second,
     * well within what both servers sustain here beside the client; at 100 a second both fall behind, and the
     * latencies measure the backlog, not the stalled client); with or without one subscriber that never reads.
     * What matters is the readers' p99 in the two runs.
     */
    private void stalledSubscriber(boolean withStalled) throws Exception {
        Histogram fast = new Histogram(3);
        long measureFrom = System.nanoTime() + 3_000_000_000L;
        List<Conn> conns = subscribe("stall", 1_000, message -> {
            Matcher stamp = STAMP.matcher(message);
            if (message.startsWith("{\"type\":\"message\"") && stamp.find()) {
                long sent = Long.parseLong(stamp.group(1));
                if (sent >= measureFrom) {
                    synchronized (fast) {
                        fast.recordValue((System.nanoTime() - sent) / 1_000);
                    }
                }
            }
        });
        RawWebSocket stalled = null;
        if (withStalled) {
            stalled = RawWebSocket.open(ws("push"), Map.of("Sec-WebSocket-Protocol", "push.v1"), 4096);
            stalled.sendText("{\"type\":\"subscribe\",\"topic\":\"stall\"}"); // and never reads again
        }
        Conn publisher = Conn.open(ws("push"), "push.v1", message -> { }).get(30, TimeUnit.SECONDS);
        String padding = "y".repeat(512);
        long start = System.nanoTime();
        for (int i = 0; i < 260; i++) { // 3 s of warm-up, 10 s measured
            long due = start + i * 50_000_000L;
            LockSupport.parkNanos(due - System.nanoTime());
            publisher.send("{\"type\":\"publish\",\"topic\":\"stall\",\"data\":{\"t\":" + System.nanoTime()
                    + ",\"pad\":\"" + padding + "\"}}");
        }
        Thread.sleep(2_000);
        publisher.close();
        Conn.closeAll(conns);
        if (stalled != null) {
            stalled.reset();
        }
        ObjectNode metrics;
        synchronized (fast) {
            metrics = latencies(fast);
        }
        write("stalled_subscriber", Map.of("stalled", withStalled ? 1 : 0, "readers", 1_000), metrics);
    }

    /**
     * Scenario 6 (issue 17): one publisher sends {@value #BURST} messages of about 1 KiB as fast as the WAR's
     * inbound allowance lets it (its burst at once, then its rate, each a little under the default: 5,000 and
     * 1,000 a second), to {@code readers} subscribers that read as fast as they can. What a {@code dropped} notice
     * announces here was lost to a reader that kept up: the send path or the queue's bounds were too small for it.
     */
    private void burstToFastReaders(int readers) throws Exception {
        burst("burst-warm-up", readers); // a first pass warms the server up, as the other scenarios' first seconds do
        write("burst_to_fast_readers", Map.of("readers", readers, "messages", BURST), burst("burst", readers));
    }

    private ObjectNode burst(String topic, int readers) throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicLong droppedNotices = new AtomicLong();
        AtomicLong droppedMessages = new AtomicLong();
        CountDownLatch allHaveLast = new CountDownLatch(readers);
        AtomicLong lastArrival = new AtomicLong();
        String last = "\"i\":" + (BURST - 1) + ",";
        List<Conn> conns = subscribe(topic, readers, message -> {
            if (message.startsWith("{\"type\":\"message\"")) {
                received.incrementAndGet();
                if (message.contains(last)) {
                    lastArrival.accumulateAndGet(System.nanoTime(), Math::max);
                    allHaveLast.countDown();
                }
            } else if (message.startsWith("{\"type\":\"dropped\"")) {
                droppedNotices.incrementAndGet();
                Matcher count = DROPPED.matcher(message);
                if (count.find()) {
                    droppedMessages.addAndGet(Long.parseLong(count.group(1)));
                }
            }
        });
        AtomicLong errors = new AtomicLong();
        Conn publisher = Conn.open(ws("push"), "push.v1", message -> {
            if (message.startsWith("{\"type\":\"error\"")) {
                errors.incrementAndGet();
            }
        }).get(30, TimeUnit.SECONDS);
        String padding = "y".repeat(960);
        double cpuBefore = server.cpuSeconds();
        long t0 = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
            if (i >= ALLOWANCE_BURST) { // then the allowance's rate
                LockSupport.parkNanos(t0 + (i - ALLOWANCE_BURST) * 1_000_000_000L / ALLOWANCE_RATE - System.nanoTime());
            }
            publisher.send("{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":{\"i\":" + i + ",\"pad\":\""
                    + padding + "\"}}");
        }
        long sentFor = System.nanoTime() - t0;
        boolean complete = allHaveLast.await(60, TimeUnit.SECONDS);
        double cpu = server.cpuSeconds() - cpuBefore;
        publisher.close();
        Conn.closeAll(conns);
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("complete", complete);
        metrics.put("publish_errors", errors.get());
        metrics.put("received", received.get());
        metrics.put("expected", (long) BURST * readers);
        metrics.put("dropped_notices", droppedNotices.get());
        metrics.put("dropped_messages", droppedMessages.get());
        metrics.put("published_for_ms", sentFor / 1_000_000);
        metrics.put("until_last_ms", complete ? (lastArrival.get() - t0) / 1_000_000 : -1);
        metrics.put("server_cpu_s", cpu);
        return metrics;
    }

    /** Scenario 4: as many idle connections as will open (up to {@code max}), each then proven alive by an echo. */
    private void idleCapacity(int max) throws Exception {
        long rssBefore = server.rssBytes();
        long heapBefore = server.heapAfterGcBytes();
        List<Conn> conns = new ArrayList<>();
        Semaphore opening = new Semaphore(200);
        List<CompletableFuture<Conn>> opened = new ArrayList<>();
        AtomicLong echoed = new AtomicLong();
        Semaphore echoes = new Semaphore(0);
        for (int i = 0; i < max; i++) {
            opening.acquire();
            opened.add(Conn.open(ws("echo"), null, echo -> {
                echoed.incrementAndGet();
                echoes.release();
            })
                    .whenComplete((conn, error) -> opening.release()));
        }
        int failed = 0;
        for (CompletableFuture<Conn> future : opened) {
            try {
                conns.add(future.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                failed++;
            }
        }
        try {
            inWaves(conns, conn -> conn.send("alive"), echoes, "echoed");
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage()); // reported as fewer alive than open
        }
        long rssWith = server.rssBytes();
        long heapWith = server.heapAfterGcBytes();
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("open", conns.size());
        metrics.put("failed", failed);
        metrics.put("alive", echoed.get());
        metrics.put("rss_per_connection_kib", (rssWith - rssBefore) / 1024.0 / Math.max(1, conns.size()));
        if (heapBefore >= 0) {
            metrics.put("heap_per_connection_kib", (heapWith - heapBefore) / 1024.0 / Math.max(1, conns.size()));
        }
        metrics.put("rss_with_mib", rssWith / 1048576.0);
        Conn.closeAll(conns);
        write("idle_capacity", Map.of("attempted", max), metrics);
    }

    /** {@code count} connections to /push, each subscribed to {@code topic} (its reply received). */
    private List<Conn> subscribe(String topic, int count, java.util.function.Consumer<String> onMessage)
            throws Exception {
        Semaphore subscribed = new Semaphore(0);
        Semaphore opening = new Semaphore(200);
        List<CompletableFuture<Conn>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.acquire();
            futures.add(Conn.open(ws("push"), "push.v1", message -> {
                if (message.startsWith("{\"type\":\"subscribed\"")) {
                    subscribed.release();
                } else {
                    onMessage.accept(message);
                }
            }).whenComplete((conn, error) -> opening.release()));
        }
        List<Conn> conns = new ArrayList<>();
        for (CompletableFuture<Conn> future : futures) {
            conns.add(future.get(60, TimeUnit.SECONDS));
        }
        inWaves(conns, conn -> conn.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}"), subscribed,
                "subscribed");
        return conns;
    }

    /**
     * {@code count} event streams of {@code topic}, opened a thousand at a time, each wave's {@code subscribed}
     * events received before the next (as {@link #subscribe} does for WebSocket subscribers).
     */
    private List<SseStream> streams(String topic, int count, java.util.function.Consumer<String> onMessage)
            throws Exception {
        Semaphore subscribed = new Semaphore(0);
        URI events = base.resolve("events?topic=" + topic);
        List<SseStream> streams = new ArrayList<>();
        for (int from = 0; from < count; from += 1_000) {
            int wave = Math.min(count - from, 1_000);
            for (int i = 0; i < wave; i++) {
                streams.add(SseStream.open(events, data -> {
                    if (data.startsWith("{\"type\":\"subscribed\"")) {
                        subscribed.release();
                    } else {
                        onMessage.accept(data);
                    }
                }));
            }
            if (!subscribed.tryAcquire(wave, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("streams " + from + ".." + (from + wave)
                        + ": not all subscribed within 60 s");
            }
        }
        return streams;
    }

    /**
     * Sends to {@code conns} a thousand at a time, each wave answered (one {@code answers} permit per connection)
     * before the next. Not all at once: Payara Micro's HTTP worker queue holds 4,096 tasks, and ten thousand
     * messages arriving together made Grizzly drop over a hundred connections (docs/benchmarks.md).
     */
    private static void inWaves(List<Conn> conns, java.util.function.Consumer<Conn> send, Semaphore answers,
            String what) throws InterruptedException {
        for (int from = 0; from < conns.size(); from += 1_000) {
            List<Conn> wave = conns.subList(from, Math.min(conns.size(), from + 1_000));
            wave.forEach(send);
            if (!answers.tryAcquire(wave.size(), 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connections " + from + ".." + (from + wave.size())
                        + ": not all " + what + " within 60 s");
            }
        }
    }

    private URI ws(String endpoint) {
        return URI.create(base.resolve(endpoint).toString().replaceFirst("^http", "ws"));
    }

    private static ObjectNode latencies(Histogram histogram) {
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("count", histogram.getTotalCount());
        metrics.put("p50_us", histogram.getValueAtPercentile(50));
        metrics.put("p99_us", histogram.getValueAtPercentile(99));
        metrics.put("p999_us", histogram.getValueAtPercentile(99.9));
        metrics.put("max_us", histogram.getMaxValue());
        return metrics;
    }

    private void write(String scenario, Map<String, Integer> params, ObjectNode metrics) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("target", target);
        line.put("round", round);
        line.put("scenario", scenario);
        line.set("params", JSON.valueToTree(params));
        line.set("metrics", metrics);
        String text = JSON.writeValueAsString(line);
        System.out.println(text);
        Files.writeString(out, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
