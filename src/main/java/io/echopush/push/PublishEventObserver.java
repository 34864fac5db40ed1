package io.echopush.push;

import io.echopush.lifecycle.Application;
import io.echopush.protocol.PushCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Delivers every {@link PublishEvent} fired in this application to its topic. A CDI bean only where the container
 * has CDI; on Tomcat nothing ever loads this class (no CDI API is needed there), and the rest works as before.
 */
@ApplicationScoped
public class PublishEventObserver {

    void onPublish(@Observes PublishEvent event) {
        Application.current().topics().publish(event.topic(), PushCodec.tree(event.data()));
    }
}
