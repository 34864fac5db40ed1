package io.echopush.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * One node of a multi-node test: the WAR on embedded Tomcat in a JVM of its own ({@code NodeServer <war>
 * <folder>}), so that every node has its own system properties (its settings) and Tomcat's JVM-wide state. It
 * listens on 127.0.0.1 on a free port, knows {@link TestUsers#PUBLISHER}, prints {@code READY <port>} once
 * serving, and stops (undeploying the WAR) when its standard input ends.
 */
public final class NodeServer {

    private NodeServer() {
    }

    public static void main(String[] args) throws Exception {
        File war = new File(args[0]).getAbsoluteFile();
        File baseDir = new File(args[1]).getAbsoluteFile();
        new File(baseDir, "webapps").mkdirs(); // where Tomcat expands the WAR
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.getPath());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.addUser("test-publisher", "test-publisher-secret");
        tomcat.addRole("test-publisher", "publisher");
        Context context = tomcat.addWebapp("/echo-push", war.getPath());
        // Only the WAR is scanned for endpoints, not this JVM's class path (the test classes have endpoints too).
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        tomcat.start();
        System.out.println("READY " + tomcat.getConnector().getLocalPort());
        System.out.flush();
        drain(System.in);
        tomcat.stop();
        tomcat.destroy();
        System.exit(0);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) != -1) {
            // until the test closes our standard input
        }
    }
}
