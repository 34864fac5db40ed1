package io.echopush.inbound;

import io.echopush.support.Closing;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.Session;
import java.util.logging.Logger;

/** What a client sent cannot be taken; the session is to be closed with {@link #closeCode()}. */
public abstract class InboundRefusal extends Exception {

    private static final Logger LOG = Logger.getLogger(InboundRefusal.class.getName());

    protected InboundRefusal(String message) {
        super(message);
    }

    public abstract CloseCode closeCode();

    /**
     * Logs the refusal (never the payload) and closes {@code session} of endpoint {@code endpoint} with its code,
     * on the handler's own thread, so that nothing more is read from it.
     */
    public void close(Session session, String endpoint) {
        LOG.info(() -> "Session " + session.getId() + " on /" + endpoint + ": " + getMessage() + ", closing it ("
                + closeCode().getCode() + ")");
        Closing.close(session, closeCode(), getMessage());
    }
}
