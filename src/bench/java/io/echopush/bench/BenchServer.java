package io.echopush.bench;

import io.echopush.run.TomcatTuning;
import java.io.File;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The WAR on embedded Tomcat in a JVM of its own, for bench/run.sh: {@code BenchServer <war> <port>}. The
 * connector accepts up to 30,000 connections (Tomcat's default, 8,192, would cap the idle-capacity scenario
 * below the file limit); everything else is Tomcat's default and the WAR's own settings, unless
 * {@code bench.run-tuning} applies the run command's ({@code TomcatTuning}; bench/run.sh's {@code tomcat-run}), a
 * system property {@code bench.connector.<attribute>} sets a connector attribute, or {@code bench.protocol} the
 * connector's protocol class (NIO2: {@code org.apache.coyote.http11.Http11Nio2Protocol}).
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        File war = new File(args[0]).getAbsoluteFile();
        int port = Integer.parseInt(args[1]);
        Tomcat tomcat = new Tomcat();
        File baseDir = new File("target/bench/tomcat." + port).getAbsoluteFile();
        new File(baseDir, "webapps").mkdirs(); // where Tomcat expands the WAR
        tomcat.setBaseDir(baseDir.getPath());
        // (the default web.xml's JSP servlet fails to load without Jasper: logged, harmless)
        Connector connector = new Connector(System.getProperty("bench.protocol", "HTTP/1.1")); // NIO by default
        connector.setPort(port);
        tomcat.setConnector(connector);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", String.valueOf(TomcatTuning.MAX_CONNECTIONS));
        if (Boolean.getBoolean("bench.run-tuning")) { // tomcat-run: as the run command starts it
            TomcatTuning.apply(connector, "bench.connector.");
        } else {
            TomcatTuning.override(connector, "bench.connector.");
        }
        Context context = tomcat.addWebapp("/echo-push", war.getPath());
        // Only the WAR is scanned for endpoints, not this JVM's class path (the test classes have endpoints too).
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        System.out.println("READY " + ProcessHandle.current().pid());
        tomcat.getServer().await();
    }
}
