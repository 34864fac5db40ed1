package io.echopush.lifecycle;

import io.echopush.access.RulesFile;
import io.echopush.access.Tokens;
import io.echopush.access.TopicGate;
import io.echopush.access.TopicRules;
import io.echopush.config.Setting;
import io.echopush.config.Settings;
import io.echopush.inbound.InboundRate;
import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;
import io.echopush.security.OriginPolicy;
import io.echopush.session.ConnectionCaps;
import io.echopush.session.SessionRegistry;
import io.echopush.support.EndpointNames;
import io.echopush.topic.HistoryLimits;
import io.echopush.topic.TopicRegistry;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the endpoints, filters and servlets of one deployment share. Found through a static because the container
 * creates endpoints without injection; a static is per WAR class loader, so per deployment.
 */
public final class Application {

    private static volatile Application current;

    private final Settings settings;
    private final OriginPolicy originPolicy;
    private final InboundRate.Limits inboundLimits;
    private final Metrics metrics;
    private final Scheduler scheduler;
    private final SessionRegistry sessions;
    private final TopicRegistry topics;
    private final TopicGate gate;
    private final Tokens tokens;
    private final Timers timers;

    private Application(Settings settings, Scheduler scheduler, TopicRules rules, Tokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
        this.scheduler = scheduler;
        this.originPolicy = new OriginPolicy(settings.list(Setting.ALLOWED_ORIGINS),
                settings.flag(Setting.ALLOW_MISSING_ORIGIN));
        this.inboundLimits = inboundLimits(settings);
        this.metrics = new Metrics(settings.ints(Setting.METRICS_MAX_TOPIC_LABELS),
                EndpointNames.ALL.toArray(String[]::new));
        this.gate = new TopicGate(rules, metrics);
        long sendTimeout = settings.longs(Setting.SEND_TIMEOUT_MILLIS);
        long unread = settings.longs(Setting.ECHO_MAX_UNREAD_BYTES);
        this.sessions = new SessionRegistry(
                new OutboundLimits(settings.ints(Setting.OUTBOUND_MAX_MESSAGES),
                        settings.longs(Setting.OUTBOUND_MAX_BYTES), sendTimeout),
                new OutboundLimits((int) Math.max(1, unread / 64), unread, sendTimeout),
                scheduler.sender(), scheduler.closer(), metrics,
                new ConnectionCaps(settings.ints(Setting.MAX_CONNECTIONS),
                        settings.ints(Setting.MAX_CONNECTIONS_PER_ADDRESS)),
                this::startTimers);
        this.topics = new TopicRegistry(settings.ints(Setting.PUSH_MAX_TOPICS),
                new HistoryLimits(settings.ints(Setting.HISTORY_SIZE),
                        TimeUnit.MILLISECONDS.toNanos(settings.longs(Setting.HISTORY_TTL_MILLIS)),
                        settings.longs(Setting.HISTORY_MAX_BYTES)),
                metrics, Clock.systemUTC(), settings.bus(), scheduler.sender());
        this.timers = new Timers(settings, scheduler, sessions, topics);
    }

    /**
     * The rules file {@code echopush.topic-rules} names; a bad rule stops the deployment, naming its line.
     * @param resources opens a file of the deployment ({@code /WEB-INF/...}), null if none
     */
    static TopicRules rules(Settings settings, Function<String, InputStream> resources) {
        return RulesFile.load(Setting.TOPIC_RULES.key(), settings.text(Setting.TOPIC_RULES), resources);
    }

    /** The access tokens {@code echopush.token-secret} allows; a short or malformed key stops the deployment. */
    static Tokens tokens(Settings settings) {
        return Tokens.of(Setting.TOKEN_SECRET.key(), settings.secret(Setting.TOKEN_SECRET),
                settings.ints(Setting.TOKEN_MAX_SECONDS), Clock.systemUTC());
    }

    /** A burst of two seconds' bytes, but never less than one message of the size limit. */
    private static InboundRate.Limits inboundLimits(Settings settings) {
        long bytesPerSecond = settings.ints(Setting.INBOUND_BYTES_PER_SECOND);
        return new InboundRate.Limits(settings.ints(Setting.INBOUND_MESSAGES_PER_SECOND),
                settings.ints(Setting.INBOUND_MESSAGE_BURST), bytesPerSecond,
                Math.max(2 * bytesPerSecond, settings.ints(Setting.MAX_MESSAGE_BYTES)));
    }

    /** The running application; without a servlet context (Tyrus standalone) one starts on first use. */
    public static Application current() {
        Application app = current;
        if (app == null) {
            synchronized (Application.class) {
                if (current == null) {
                    Settings settings = Settings.fromEnvironment();
                    current = new Application(settings, Scheduler.own(), rules(settings, path -> null),
                            tokens(settings));
                    current.topics.bus().start();
                }
                app = current;
            }
        }
        return app;
    }

    /** The running application, or null when none is (say, after undeploy): for callbacks that must not start one. */
    public static Application runningOrNull() {
        return current;
    }

    static Application start(Settings settings, Scheduler scheduler) {
        return start(settings, scheduler, rules(settings, path -> null), tokens(settings));
    }

    static synchronized Application start(Settings settings, Scheduler scheduler, TopicRules rules, Tokens tokens) {
        current = new Application(settings, scheduler, rules, tokens);
        // Its own threads (the Redis bus's), not timers: nothing here waits for the container's executor.
        current.topics.bus().start();
        return current;
    }

    /** Undeploy: timers stop, every session is closed with 1001, our own threads end. */
    static synchronized void stop() {
        Application app = current;
        current = null;
        if (app == null) {
            return;
        }
        app.timers.stop();
        app.topics.bus().stop();
        app.sessions.closeAll(CloseCodes.GOING_AWAY, "Server shutting down");
        app.scheduler.stop();
    }

    /** Called by the first session to open: no timer has work before (see {@link Timers#start}). */
    private void startTimers() {
        timers.start();
    }

    public Settings settings() {
        return settings;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** A new session's allowance of incoming messages and bytes. */
    public InboundRate inboundRate() {
        return new InboundRate(inboundLimits);
    }

    public Metrics metrics() {
        return metrics;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public TopicRegistry topics() {
        return topics;
    }

    /** The topic rules, checked before every subscribe, publish and history read. */
    public TopicGate gate() {
        return gate;
    }

    /** Access tokens: issued by {@code POST /api/tokens}, presented on {@code /push} (D44). */
    public Tokens tokens() {
        return tokens;
    }

    /** Runs {@code task} once after {@code delay} on the timers, which stop at undeploy; e.g. a token's expiry. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.timers().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
