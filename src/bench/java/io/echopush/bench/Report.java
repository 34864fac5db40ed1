package io.echopush.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Turns bench/run.sh's results into the tables of docs/benchmarks.md and two plots: per target the median over
 * rounds, and for each server the median of its per-round ratios against the peer (rounds ran every server in
 * turn, so each ratio pairs runs minutes apart). {@code Report <results.jsonl> <png directory> <target>... <peer>}.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> results = new ArrayList<>();
    private final List<String> subjects;
    private final String peer;

    private Report(Path file, List<String> targets) throws Exception {
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                results.add(JSON.readTree(line));
            }
        }
        this.subjects = targets.subList(0, targets.size() - 1);
        this.peer = targets.get(targets.size() - 1);
    }

    public static void main(String[] args) throws Exception {
        Report report = new Report(Path.of(args[0]), List.of(args).subList(2, args.length));
        report.table("echo_closed_loop", "bytes", List.of("messages_per_s", "p50_us", "p99_us", "p999_us",
                "messages_per_server_cpu_s"));
        report.table("echo_open_loop", "rate", List.of("p50_us", "p99_us", "p999_us", "max_us", "received"));
        report.table("fan_out", "subscribers", List.of("until_last_p50_us", "until_last_max_us",
                "recipient_p50_us", "recipient_p99_us", "publishes_complete"));
        report.table("fan_out_sse", "subscribers", List.of("until_last_p50_us", "until_last_max_us",
                "recipient_p50_us", "recipient_p99_us", "publishes_complete"));
        report.transports("until_last_p50_us");
        report.table("stalled_subscriber", "stalled", List.of("p50_us", "p99_us", "p999_us", "count"));
        report.table("burst_to_fast_readers", "readers", List.of("dropped_notices", "dropped_messages",
                "received", "until_last_ms", "server_cpu_s", "publish_errors"));
        report.table("idle_capacity", "attempted", List.of("open", "alive", "rss_per_connection_kib",
                "heap_per_connection_kib"));
        File dir = new File(args[1]);
        report.plot("echo_open_loop", "rate", List.of("p50_us", "p99_us", "p999_us"), true,
                "Echo latency vs offered rate (open loop, 100 connections, 32 B)", "offered messages/s",
                "latency (ms, log)", new File(dir, "bench-latency-vs-rate.png"));
        report.plot("fan_out", "subscribers", List.of("until_last_p50_us"), false,
                "Fan-out: one publish, time until the last subscriber has it (median)", "subscribers",
                "time (ms)", new File(dir, "bench-fanout.png"));
    }

    /** One markdown table: a row per parameter value and metric; each target, and each server's median ratio to the peer. */
    private void table(String scenario, String param, List<String> metrics) {
        System.out.println();
        System.out.println("### " + scenario);
        System.out.println();
        StringBuilder head = new StringBuilder("| " + param + " | metric |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String target : targets()) {
            head.append(' ').append(target).append(" (median; rounds) |");
            rule.append("---|");
        }
        for (String subject : subjects) {
            head.append(' ').append(subject).append('/').append(peer).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (Map.Entry<Integer, Map<String, Map<Integer, JsonNode>>> byValue : grouped(scenario, param).entrySet()) {
            Map<Integer, JsonNode> b = byValue.getValue().getOrDefault(peer, Map.of());
            for (String metric : metrics) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %s |", byValue.getKey(), metric));
                for (String target : targets()) {
                    row.append(' ').append(cell(byValue.getValue().getOrDefault(target, Map.of()), metric)).append(" |");
                }
                for (String subject : subjects) {
                    row.append(' ').append(ratio(byValue.getValue().getOrDefault(subject, Map.of()), b, metric))
                            .append(" |");
                }
                System.out.println(row);
            }
        }
    }

    /**
     * Fan-out over SSE beside WebSocket (issue 21): per server, {@code metric} on each transport and the median of
     * its per-round ratios SSE/WebSocket, SSE/the peer's WebSocket and SSE/the peer's SSE.
     */
    private void transports(String metric) {
        Map<Integer, Map<String, Map<Integer, JsonNode>>> ws = grouped("fan_out", "subscribers");
        Map<Integer, Map<String, Map<Integer, JsonNode>>> sse = grouped("fan_out_sse", "subscribers");
        if (sse.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("### fan_out over SSE beside WebSocket: " + metric);
        System.out.println();
        System.out.println("| subscribers | target | WebSocket | SSE | SSE/WebSocket | SSE/" + peer + " WebSocket | SSE/"
                + peer + " SSE |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (var byValue : sse.entrySet()) {
            Map<String, Map<Integer, JsonNode>> wsRuns = ws.getOrDefault(byValue.getKey(), Map.of());
            Map<Integer, JsonNode> peerWs = wsRuns.getOrDefault(peer, Map.of());
            Map<Integer, JsonNode> peerSse = byValue.getValue().getOrDefault(peer, Map.of());
            for (String target : targets()) {
                Map<Integer, JsonNode> mine = byValue.getValue().getOrDefault(target, Map.of());
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |%n", byValue.getKey(), target,
                        cell(wsRuns.getOrDefault(target, Map.of()), metric), cell(mine, metric),
                        ratio(mine, wsRuns.getOrDefault(target, Map.of()), metric), ratio(mine, peerWs, metric),
                        ratio(mine, peerSse, metric));
            }
        }
    }

    /** The median over rounds of {@code a}'s metric over {@code b}'s in the same round. */
    private static String ratio(Map<Integer, JsonNode> a, Map<Integer, JsonNode> b, String metric) {
        List<Double> ratios = new ArrayList<>();
        a.forEach((round, result) -> {
            JsonNode other = b.get(round);
            if (other != null && other.has(metric) && other.get(metric).asDouble() != 0 && result.has(metric)) {
                ratios.add(result.get(metric).asDouble() / other.get(metric).asDouble());
            }
        });
        return ratios.isEmpty() ? "—" : format(median(ratios)) + "×";
    }

    private List<String> targets() {
        List<String> all = new ArrayList<>(subjects);
        all.add(peer);
        return all;
    }

    /** value → target → round → metrics */
    private Map<Integer, Map<String, Map<Integer, JsonNode>>> grouped(String scenario, String param) {
        Map<Integer, Map<String, Map<Integer, JsonNode>>> grouped = new TreeMap<>();
        for (JsonNode result : results) {
            if (result.get("scenario").asText().equals(scenario)) {
                grouped.computeIfAbsent(result.get("params").get(param).asInt(), v -> new LinkedHashMap<>())
                        .computeIfAbsent(result.get("target").asText(), t -> new TreeMap<>())
                        .put(result.get("round").asInt(), result.get("metrics"));
            }
        }
        return grouped;
    }

    private static String cell(Map<Integer, JsonNode> rounds, String metric) {
        List<Double> values = new ArrayList<>();
        rounds.values().forEach(m -> {
            if (m.has(metric)) {
                values.add(m.get(metric).asDouble());
            }
        });
        if (values.isEmpty()) {
            return "—";
        }
        List<String> each = values.stream().map(Report::format).toList();
        return format(median(values)) + " (" + String.join(", ", each) + ")";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A line per target and metric (medians over rounds) against the parameter, as a PNG. */
    private void plot(String scenario, String param, List<String> metrics, boolean logY, String title,
            String xLabel, String yLabel, File png) throws Exception {
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        for (var byValue : grouped(scenario, param).entrySet()) {
            for (var byTarget : byValue.getValue().entrySet()) {
                for (String metric : metrics) {
                    List<Double> values = new ArrayList<>();
                    byTarget.getValue().values().forEach(m -> values.add(m.get(metric).asDouble() / 1000.0));
                    lines.computeIfAbsent(byTarget.getKey() + " " + metric.replace("_us", ""),
                            k -> new ArrayList<>()).add(new double[] {byValue.getKey(), median(values)});
                }
            }
        }
        int width = 900;
        int height = 560;
        int left = 90;
        int right = 230;
        int top = 50;
        int bottom = 70;
        double minX = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).min().orElse(0);
        double maxX = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        double maxY = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1);
        double minY = logY ? Math.max(0.01, lines.values().stream().flatMap(List::stream)
                .mapToDouble(p -> p[1]).filter(v -> v > 0).min().orElse(0.01)) : 0;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        g.drawRect(left, top, plotW, plotH);
        g.drawString(xLabel, left + plotW / 2 - 50, height - 20);
        g.drawString(yLabel, 10, top - 10);
        java.util.function.DoubleUnaryOperator xs = x -> left + (maxX == minX ? 0.5 : (x - minX) / (maxX - minX)) * plotW;
        java.util.function.DoubleUnaryOperator ys = logY
                ? y -> top + plotH - (Math.log10(Math.max(y, minY)) - Math.log10(minY))
                        / Math.max(1e-9, Math.log10(maxY) - Math.log10(minY)) * plotH
                : y -> top + plotH - y / Math.max(1e-9, maxY) * plotH;
        for (int i = 0; i <= 4; i++) {
            double y = logY ? Math.pow(10, Math.log10(minY) + i * (Math.log10(maxY) - Math.log10(minY)) / 4)
                    : maxY * i / 4;
            int py = (int) ys.applyAsDouble(y);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left, py, left + plotW, py);
            g.setColor(Color.BLACK);
            g.drawString(format(y), 20, py + 4);
        }
        lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).distinct().forEach(x -> {
            int px = (int) xs.applyAsDouble(x);
            g.drawString(format(x), px - 15, top + plotH + 18);
        });
        // A colour per target, a dash per metric (solid, dashed, dotted in the order given)
        Color[] palette = {new Color(31, 119, 180), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75)};
        float[][] dashes = {null, {8, 5}, {2, 4}};
        int index = 0;
        for (var line : lines.entrySet()) {
            String target = line.getKey().substring(0, line.getKey().indexOf(' '));
            int metricIndex = metrics.indexOf(line.getKey().substring(target.length() + 1) + "_us");
            g.setColor(palette[Math.max(0, targets().indexOf(target)) % palette.length]);
            g.setStroke(new BasicStroke(target.equals(peer) ? 1.5f : 2.2f, BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND, 1, dashes[Math.max(0, metricIndex) % dashes.length], 0));
            double[] previous = null;
            for (double[] point : line.getValue()) {
                int px = (int) xs.applyAsDouble(point[0]);
                int py = (int) ys.applyAsDouble(point[1]);
                g.fillOval(px - 3, py - 3, 7, 7);
                if (previous != null) {
                    g.drawLine((int) xs.applyAsDouble(previous[0]), (int) ys.applyAsDouble(previous[1]), px, py);
                }
                previous = point;
            }
            int ly = top + 20 + index * 20;
            g.drawLine(left + plotW + 15, ly - 4, left + plotW + 45, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(line.getKey(), left + plotW + 52, ly);
            index++;
        }
        g.dispose();
        ImageIO.write(image, "png", png);
    }
}
