package io.echopush;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Arrows between packages point one way, down: the layers below, read from the compiled classes by jdeps as
 * docs/architecture.md shows it. A package may use only packages of a lower layer, so no cycle can form.
 */
class PackageDependenciesTest {

    /** Top to bottom; the entry points (endpoints, servlets) first, small shared helpers last. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("echo", "push", "sse", "web"),
            List.of("handshake"),
            List.of("lifecycle"),
            List.of("topic", "access"),
            List.of("protocol", "session", "inbound"),
            List.of("metrics", "config", "security"),
            List.of("bus", "outbound"),
            List.of("support"));

    private static final Pattern ARROW = Pattern.compile("^\\s+io\\.echopush\\.(\\w+)\\s+->\\s+io\\.echopush\\.(\\w+)\\s");

    @Test
    void everyArrowPointsToALowerLayer() {
        List<String> upward = new ArrayList<>();
        for (String arrow : arrows()) {
            String[] ends = arrow.split(" -> ");
            if (layer(ends[0]) <= layer(ends[1])) {
                upward.add(arrow);
            }
        }
        assertEquals(List.of(), upward, "arrows that do not point down (layers in " + getClass().getSimpleName() + ")");
    }

    @Test
    void everyPackageHasItsLayer() {
        List<String> unknown = arrows().stream().flatMap(arrow -> List.of(arrow.split(" -> ")).stream())
                .filter(name -> layer(name) < 0).distinct().toList();
        assertEquals(List.of(), unknown, "packages with no layer in " + getClass().getSimpleName());
    }

    /** "from -> to" for each package of ours that uses another of ours, as jdeps reads target/classes. */
    static TreeSet<String> arrows() {
        StringWriter out = new StringWriter();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e", "io\\.echopush\\..*",
                "target/classes");
        assertEquals(0, code, out.toString());
        TreeSet<String> arrows = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = ARROW.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                arrows.add(m.group(1) + " -> " + m.group(2));
            }
        }
        return arrows;
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return LAYERS.size() - i;
            }
        }
        return -1;
    }
}
