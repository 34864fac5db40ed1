package io.echopush.support;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Closing a session without surprises: the reason fits the frame, and a session already gone is no error. */
public final class Closing {

    /** RFC 6455 §5.5: a control frame carries at most 125 bytes, 2 of which are the code. */
    static final int MAX_REASON_BYTES = 123;

    private static final Logger LOG = Logger.getLogger(Closing.class.getName());

    private Closing() {
    }

    public static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(reason(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "Session {0} was already going: {1}", new Object[] {session.getId(), e});
        }
    }

    /**
     * The close reason to send: 1005, 1006 and 1015 only ever describe a close (RFC 6455 §7.4.1: never sent in a
     * close frame), so asking for one is a bug of ours, sent as 1011; the reason is cut to fit.
     */
    static CloseReason reason(CloseReason.CloseCode code, String reason) {
        int number = code.getCode();
        if (number == 1005 || number == 1006 || number == 1015) {
            LOG.log(Level.WARNING, "Close code {0} is never sent; sending 1011", number);
            return new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, fit(reason));
        }
        return new CloseReason(code, fit(reason));
    }

    /** {@code reason} cut to at most 123 UTF-8 bytes, never inside a character. */
    static String fit(String reason) {
        if (Utf8.length(reason) <= MAX_REASON_BYTES) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return reason.substring(0, end);
    }
}
