package io.echopush.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.access.Action;
import io.echopush.access.TopicGate;
import io.echopush.config.Setting;
import io.echopush.lifecycle.Application;
import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.ClientMessage;
import io.echopush.protocol.PushCodec;
import io.echopush.protocol.ServerMessage;
import io.echopush.protocol.TopicName;
import io.echopush.session.Connection;
import io.echopush.topic.Subscriptions;
import io.echopush.support.TokenBucket;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.logging.Logger;

/**
 * One client's push.v1 requests, each under the topic rules (D42). A bad request gets an {@code error} and the session
 * stays open, up to its allowance of them (then 1008); a forbidden one gets {@code forbidden} and spends none.
 */
final class Requests {

    /** PushConversation's logger, as before the split, so that logging configuration still applies. */
    private static final Logger LOG = Logger.getLogger(PushConversation.class.getName());

    private final String name;
    private final Application app;
    private final Connection connection;
    private final Subscriptions subscriptions;
    private final SocketIdentity who;
    private final TokenBucket badMessageAllowance;

    Requests(String name, Application app, Connection connection, Subscriptions subscriptions, SocketIdentity who,
            TokenBucket badMessageAllowance) {
        this.name = name;
        this.app = app;
        this.connection = connection;
        this.subscriptions = subscriptions;
        this.who = who;
        this.badMessageAllowance = badMessageAllowance;
    }

    void handle(String text) {
        try {
            ClientMessage request = PushCodec.decode(text);
            if (request instanceof ClientMessage.Subscribe subscribe) {
                if (allowed(Action.SUBSCRIBE, subscribe.topic(), subscribe.id())) {
                    subscriptions.subscribe(subscribe.topic(), subscribe.since(), subscribe.id());
                }
            } else if (request instanceof ClientMessage.Unsubscribe unsubscribe) {
                subscriptions.unsubscribe(unsubscribe.topic(), unsubscribe.id());
            } else if (request instanceof ClientMessage.Publish publish) {
                publish(publish);
            } else if (request instanceof ClientMessage.Auth auth) {
                who.auth(auth);
            } else if (request instanceof ClientMessage.WhoAmI whoami) {
                who.tell(whoami.id());
            } else if (request instanceof ClientMessage.History history
                    && allowed(Action.HISTORY, history.topic(), history.id())) {
                connection.sender().reply(PushCodec.outbound(app.topics().history(history.topic(), history.since(),
                        history.limit(), app.settings().ints(Setting.MAX_MESSAGE_BYTES), history.id())));
            }
        } catch (BadRequestException e) {
            refuse(e.getMessage(), e.id());
        }
    }

    private void publish(ClientMessage.Publish publish) throws BadRequestException {
        if (TopicName.isServerOnly(publish.topic())) {
            throw new BadRequestException("\"" + publish.topic() + "\" is published by the server only", publish.id());
        }
        if (allowed(Action.PUBLISH, publish.topic(), publish.id())) {
            app.topics().publish(publish.topic(), publish.data(), who.current().name());
        }
    }

    /** Whether the topic rules let this client do {@code action}; if not, it is told {@code forbidden} and goes on. */
    private boolean allowed(Action action, String topic, JsonNode id) {
        if (app.gate().allows(action, topic, who.current(), () -> "/" + name + " session "
                + connection.session().getId())) {
            return true;
        }
        connection.sender().reply(PushCodec.outbound(new ServerMessage.Error(TopicGate.FORBIDDEN, id)));
        return false;
    }

    /** Tells the client what was wrong, with the request's id; past its allowance of bad messages, closes with 1008. */
    private void refuse(String reason, JsonNode id) {
        connection.sender().reply(PushCodec.outbound(new ServerMessage.Error(reason, id)));
        if (!badMessageAllowance.tryTake()) {
            LOG.info(() -> "Session " + connection.session().getId() + " on /" + name
                    + ": too many bad messages, closing it (1008)");
            connection.sender().closeAfterQueued(CloseCodes.VIOLATED_POLICY, "Too many bad messages");
        }
    }
}
