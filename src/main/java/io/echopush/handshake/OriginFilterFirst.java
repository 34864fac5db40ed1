package io.echopush.handshake;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.EnumSet;

/**
 * Puts {@link OriginFilter} ahead of every other filter, the container's WebSocket upgrade filter included: Jetty
 * puts its own ahead of web.xml's filters, so a declared one would never see a handshake there (D41).
 */
public class OriginFilterFirst implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        FilterRegistration.Dynamic filter = event.getServletContext().addFilter("OriginFilter", OriginFilter.class);
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
