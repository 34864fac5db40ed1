package io.echopush.run;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The README's run command ({@code ./mvnw -q -Prun}): the built WAR on embedded Tomcat 10.1 at {@code /echo-push},
 * {@code /} redirecting there, on {@code run.port} (8080). Every {@code echopush.*} setting given with {@code -D} or
 * in the environment reaches the application (it reads both). Prints the page's URL once it serves, and stops
 * cleanly on Ctrl-C; a port that is taken or a deployment that fails ends it at once, saying why, with a non-zero
 * exit. A local user for trying HTTP publish: {@code run.publisher} ({@code name:password:role}). Tomcat runs with
 * {@code TomcatTuning}; {@code -Drun.connector.<attribute>} sets any connector attribute.
 */
public final class RunServer {

    static final String CONTEXT = "/echo-push";

    // Tomcat's account of a failed start: a page of stack trace, whose one useful line is the cause's message.
    private static final Logger STARTUP = Logger.getLogger("org.apache.catalina.core");
    private static final List<String> STARTUP_ERRORS = new CopyOnWriteArrayList<>();

    private RunServer() {
    }

    public static void main(String[] args) throws Exception {
        File war = new File(args.length > 0 ? args[0] : "target/echo-push.war").getAbsoluteFile();
        int port = Integer.getInteger("run.port", 8080);
        String[] publisher = System.getProperty("run.publisher", "publisher:publisher:publisher").split(":", 3);
        if (!war.isFile()) {
            fail(1, "no WAR at " + war + ": build it first (the run command does)");
        }
        refuseTakenPort(port);
        // Tomcat's INFO lines say nothing a person trying the page needs; warnings and our own lines stay.
        Logger.getLogger("org.apache").setLevel(Level.WARNING);
        keepStartupErrors();

        File base = new File(war.getParentFile(), "run").getAbsoluteFile();
        new File(base, "webapps").mkdirs();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getPath());
        tomcat.setPort(port);
        TomcatTuning.apply(tomcat.getConnector(), "run.connector.");
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet (and no SEVERE about it): the page is static
        tomcat.addUser(publisher[0], publisher.length > 1 ? publisher[1] : "");
        tomcat.addRole(publisher[0], publisher.length > 2 ? publisher[2] : "publisher");
        Context app = tomcat.addWebapp(CONTEXT, war.getPath());
        app.setParentClassLoader(RunServer.class.getClassLoader()); // under exec:java, not the JVM's own
        ((StandardJarScanner) app.getJarScanner()).setScanClassPath(false); // the WAR's endpoints only
        serveStaticFiles(app);
        redirectRootTo(tomcat, CONTEXT + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat), "run-stop"));

        tomcat.start();
        if (tomcat.getConnector().getState() != LifecycleState.STARTED) {
            fail(2, "could not listen on port " + port + " (taken?): pick another with -Drun.port=9090");
        }
        if (app.getState() != LifecycleState.STARTED) {
            fail(3, STARTUP_ERRORS.isEmpty() ? "the application failed to start (see above)"
                    : String.join("; ", STARTUP_ERRORS));
        }
        STARTUP_ERRORS.forEach(System.err::println);
        System.out.println();
        System.out.println("Echo & Push is ready: http://localhost:" + port + CONTEXT + "/  (Ctrl-C stops it)");
        System.out.flush();
        tomcat.getServer().await();
    }

    /** Keeps the messages of Tomcat's startup errors (with their causes') instead of printing their stack traces. */
    private static void keepStartupErrors() {
        STARTUP.setUseParentHandlers(false);
        STARTUP.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() < Level.WARNING.intValue()) {
                    return;
                }
                Throwable cause = record.getThrown();
                while (cause != null && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause != null) {
                    STARTUP_ERRORS.add(cause.getMessage());
                } else if (STARTUP_ERRORS.isEmpty()) {
                    STARTUP_ERRORS.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** Binds the port once first: Tomcat would log a stack trace and go on without it. */
    private static void refuseTakenPort(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            fail(2, "port " + port + " is taken (" + e.getMessage() + "): pick another with -Drun.port=9090");
        }
    }

    /** What Tomcat's default web.xml would add for a static page: the default servlet, welcome file, MIME types. */
    private static void serveStaticFiles(Context app) {
        Wrapper files = app.createWrapper();
        files.setName("default");
        files.setServletClass("org.apache.catalina.servlets.DefaultServlet");
        files.setLoadOnStartup(1);
        files.setOverridable(true);
        app.addChild(files);
        app.addServletMappingDecoded("/", "default");
        app.addWelcomeFile("index.html");
        Tomcat.addDefaultMimeTypeMappings(app);
    }

    private static void redirectRootTo(Tomcat tomcat, String target) {
        Context root = tomcat.addContext("", null);
        Tomcat.addServlet(root, "to-the-page", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.sendRedirect(target);
            }
        });
        root.addServletMappingDecoded("/", "to-the-page");
    }

    private static void stop(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
            System.out.println("Echo & Push stopped.");
        } catch (Exception e) {
            System.err.println("Stopping: " + e);
        }
    }

    private static void fail(int status, String reason) {
        System.err.println();
        System.err.println("Echo & Push did not start: " + reason);
        System.err.flush();
        Runtime.getRuntime().halt(status); // at once: no shutdown hook, no waiting for Tomcat's threads
    }
}
