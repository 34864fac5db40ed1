package io.echopush.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        WebArchive war = builtWar();
        String webXml;
        try (InputStream in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder params = new StringBuilder();
        settings.forEach((key, value) -> params.append("  <context-param><param-name>").append(key)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        int listener = webXml.indexOf("  <listener>");
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml.substring(0, listener) + params + webXml.substring(listener)));
        return war;
    }
}
