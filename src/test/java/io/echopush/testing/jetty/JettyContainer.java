package io.echopush.testing.jetty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.echopush.testing.Diagnostics;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * Jetty 12.1 (EE 10) embedded in the test JVM, for Arquillian: no Jetty adapter resolves from the Maven repository
 * here (docs/testing.md). Each WAR is deployed as an operator's Jetty would: a {@link WebAppContext} with
 * annotation scanning and Jakarta WebSocket, beside a {@link HashLoginService} named after the WAR's realm.
 */
public final class JettyContainer implements DeployableContainer<JettyConfiguration> {
    /** The realm the WAR's web.xml names: Jetty matches a login service to it by name. */
    private static final String REALM = "Echo & Push";

    private JettyConfiguration configuration;
    private Server server;
    private ContextHandlerCollection contexts;
    private final Map<String, WebAppContext> deployed = new HashMap<>();

    @Override
    public Class<JettyConfiguration> getConfigurationClass() {
        return JettyConfiguration.class;
    }

    @Override
    public void setup(JettyConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost(configuration.getBindAddress());
        http.setPort(configuration.getBindHttpPort());
        server.addConnector(http);
        server.addBean(new HashLoginService(REALM,
                ResourceFactory.of(server).newResource(Path.of(configuration.getUsersFile()))));
        contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        try {
            deleteTree(base());
            Files.createDirectories(base());
            server.start();
            Diagnostics.embeddedServer(() -> JettyState.dump(server)); // its connections, should one go silent
        } catch (Exception e) {
            throw new LifecycleException("Jetty did not start on port " + configuration.getBindHttpPort(), e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        Diagnostics.embeddedServer(null);
        try {
            server.stop();
        } catch (Exception e) {
            throw new LifecycleException("Jetty did not stop", e);
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Every test here is a client of the server (testable = false): nothing is run inside the container.
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = archive.getName();
        String contextPath = "/" + name.replaceFirst("\\.war$", "");
        Path war = base().resolve(name);
        Path work = base().resolve(name + ".work");
        archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(contextPath);
        webapp.setWar(war.toString());
        webapp.setTempDirectory(work.toFile());
        webapp.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
        // A listener or filter that fails at deploy fails the deployment, as it does on the other containers.
        webapp.setThrowUnavailableOnStartupException(true);
        contexts.addHandler(webapp);
        try {
            webapp.start();
        } catch (Exception e) {
            contexts.removeHandler(webapp);
            stopQuietly(webapp);
            throw new DeploymentException("Jetty did not deploy " + name, e);
        }
        deployed.put(name, webapp);
        HTTPContext http = new HTTPContext(configuration.getBindAddress(), configuration.getBindHttpPort());
        for (ServletHolder servlet : webapp.getServletHandler().getServlets()) {
            http.add(new Servlet(servlet.getName(), contextPath));
        }
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        WebAppContext webapp = deployed.remove(archive.getName());
        if (webapp == null) {
            return;
        }
        try {
            webapp.stop();
        } catch (Exception e) {
            throw new DeploymentException("Jetty did not undeploy " + archive.getName(), e);
        } finally {
            contexts.removeHandler(webapp);
        }
    }

    private Path base() {
        return Path.of(configuration.getBaseDir());
    }

    private static void stopQuietly(WebAppContext webapp) {
        try {
            webapp.stop();
        } catch (Exception ignored) {
            // The deployment already failed; that failure is the one reported.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
