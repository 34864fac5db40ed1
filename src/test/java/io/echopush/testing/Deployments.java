package io.echopush.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** What the in-container tests deploy: the WAR exactly as the pom built it, never a hand-assembled copy. */
public final class Deployments {

    private Deployments() {
    }

    /** {@code target/echo-push.war}, deployed under its own name, hence at {@code /echo-push}. */
    public static WebArchive builtWar() {
        File war = new File(System.getProperty("test.war", "target/echo-push.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the tests through `./mvnw verify`, which builds it first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The built WAR as an operator would configure it: {@code settings} added to its web.xml as context-params
     * (the lowest-ranked source: tests that use this set none of these keys as system properties).
     */
    public static WebArchive builtWar(Map<String, String> settings) {
        StringBuilder params = new StringBuilder();
        settings.forEach((key, value) -> params.append("  <context-param><param-name>").append(key)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        return builtWar(webXml -> beforeFirstListener(webXml, params.toString()));
    }

    /** The built WAR with its web.xml changed by {@code edit}. */
    public static WebArchive builtWar(UnaryOperator<String> edit) {
        WebArchive war = builtWar();
        String webXml;
        try (InputStream in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(edit.apply(webXml)));
        return war;
    }

    /** {@code webXml} with {@code text} inserted before its first listener, where declarations may go. */
    public static String beforeFirstListener(String webXml, String text) {
        int listener = webXml.indexOf("  <listener>");
        return webXml.substring(0, listener) + text + webXml.substring(listener);
    }
}
