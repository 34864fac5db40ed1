package io.echopush.handshake;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/** Test-only: echoes text at {@code /first}; {@link Registration} registers it, {@link UpgradeFirstFilter} upgrades. */
public class FirstEcho extends Endpoint {

    static final ServerEndpointConfig CONFIG = ServerEndpointConfig.Builder.create(FirstEcho.class, "/first")
            .configurator(new OriginCheckConfigurator()).build();

    /** Registers the endpoint, so that a container whose programmatic upgrade needs a known path finds it. */
    public static class Registration implements ServletContextListener {

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            try {
                ((ServerContainer) context.getAttribute(ServerContainer.class.getName())).addEndpoint(CONFIG);
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                session.getAsyncRemote().sendText(text));
    }
}
