package io.echopush.testing;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.Principal;
import io.echopush.session.HandshakeFacts;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Session} whose asynchronous sends the test completes by hand (or at once, on the sending thread),
 * and which counts how many sends were ever in flight together.
 */
public final class FakeSession {

    /** A ping the fake was asked for (a blocking call: it is over when it returns). */
    public record Ping(java.nio.ByteBuffer payload) {
    }

    /** One send the fake has been asked for, waiting for the test to end it. */
    public record PendingSend(Object payload, SendHandler handler) {
    }

    private final boolean completeInline;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final BlockingQueue<PendingSend> pending = new LinkedBlockingQueue<>();
    private final List<Object> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<ClassLoader> sendContexts = Collections.synchronizedList(new ArrayList<>());
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final Session session;
    private final Map<String, Object> userProperties = new ConcurrentHashMap<>();
    private volatile Principal principal;

    /** @param completeInline whether each send completes before {@code sendText} returns, as some containers do */
    public FakeSession(boolean completeInline) {
        this.completeInline = completeInline;
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendText", "sendBinary" -> {
                        send(args[0], (SendHandler) args[1]);
                        yield null;
                    }
                    case "sendPing" -> {
                        sent.add(new Ping(((java.nio.ByteBuffer) args[0]).duplicate()));
                        yield null;
                    }
                    case "setSendTimeout" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> "fake";
                    case "getUserPrincipal" -> principal;
                    case "getUserProperties" -> userProperties;
                    case "getAsyncRemote" -> remote;
                    case "setMaxIdleTimeout" -> null;
                    case "isOpen" -> closes.isEmpty();
                    case "close" -> closes.add(args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                            : (CloseReason) args[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** This session as if its handshake came from {@code remoteAddress}, within HTTP session {@code httpSessionId}. */
    public FakeSession from(String remoteAddress, String httpSessionId) {
        HandshakeFacts.record(userProperties, remoteAddress, httpSessionId);
        return this;
    }

    /** This session as if its handshake was authenticated as {@code user}. */
    public FakeSession as(String user) {
        principal = () -> user;
        return this;
    }

    private void send(Object payload, SendHandler handler) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        sent.add(payload);
        sendContexts.add(Thread.currentThread().getContextClassLoader());
        if (completeInline) {
            inFlight.decrementAndGet();
            handler.onResult(new SendResult());
        } else {
            pending.add(new PendingSend(payload, handler));
        }
    }

    public Session session() {
        return session;
    }

    /** The next send the sender started, waiting for it up to the test timeout. */
    public PendingSend nextSend() throws InterruptedException {
        PendingSend send = pending.poll(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (send == null) {
            throw new AssertionError("no send was started");
        }
        return send;
    }

    public void complete(PendingSend send) {
        inFlight.decrementAndGet();
        send.handler().onResult(new SendResult());
    }

    public void fail(PendingSend send, Throwable error) {
        inFlight.decrementAndGet();
        send.handler().onResult(new SendResult(error));
    }

    /** The context class loader of the thread each send was started on, in order. */
    public List<ClassLoader> sendContexts() {
        return List.copyOf(sendContexts);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<Object> sent() {
        return List.copyOf(sent);
    }

    public List<CloseReason> closes() {
        return closes;
    }
}
