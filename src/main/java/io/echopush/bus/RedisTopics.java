package io.echopush.bus;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Each topic's position ({@code echopush:{T}:pos}) and history ({@code echopush:{T}:log}) in Redis: one script stores,
 * numbers and publishes atomically, so no two nodes hand out the same seq (D34).
 */
final class RedisTopics implements AutoCloseable {

    static final String CHANNEL_PREFIX = "echopush:topic:";

    // KEYS: pos, log. ARGV: a new epoch (used if the topic has none), history size, ttl ms, envelope, channel.
    private static final String STORE = """
            local epoch = redis.call('HGET', KEYS[1], 'epoch')
            if not epoch then
              epoch = ARGV[1]
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
            end
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            if tonumber(ARGV[2]) > 0 then
              redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], string.format('%d-0', seq), 'm', ARGV[4])
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PUBLISH', ARGV[5],
              '{"epoch":"' .. epoch .. '","seq":' .. string.format('%d', seq) .. ',' .. string.sub(ARGV[4], 2))
            return {epoch, seq}
            """;

    // KEYS: pos, log. ARGV: a new epoch (used if the topic has none), ttl ms. Answers {epoch, seq, entries}.
    private static final String READ = """
            local pos = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
            if not pos[1] then
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', 0)
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {ARGV[1], 0, {}}
            end
            return {pos[1], tonumber(pos[2]), redis.call('XRANGE', KEYS[2], '-', '+')}
            """;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JedisPool pool;
    private final String node;
    private final int size;
    private final long ttlMillis;
    private final Script store = new Script(STORE);
    private final Script read = new Script(READ);

    RedisTopics(URI uri, Duration connectTimeout, Duration readTimeout, String node, int size, long ttlMillis) {
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(16);
        config.setMaxIdle(16);
        config.setMaxWait(readTimeout);
        config.setJmxEnabled(false); // one WAR, many deployments: no MBeans left behind
        this.pool = new JedisPool(config, uri, (int) connectTimeout.toMillis(), (int) readTimeout.toMillis());
        this.node = node;
        this.size = size;
        this.ttlMillis = ttlMillis;
    }

    /** Stores {@code publication}; answers its position. @throws RuntimeException if Redis could not be asked */
    Position append(Publication publication) {
        String topic = publication.topic();
        List<?> reply = (List<?>) store.run(keys(topic), List.of(newEpoch(), Integer.toString(size),
                Long.toString(ttlMillis), new Envelope(node, publication).encode(), CHANNEL_PREFIX + topic));
        return new Position((String) reply.get(0), (Long) reply.get(1));
    }

    /** The topic's position and kept messages, in one step. @throws RuntimeException if Redis could not be asked */
    Snapshot read(String topic) {
        List<?> reply = (List<?>) read.run(keys(topic), List.of(newEpoch(), Long.toString(ttlMillis)));
        String epoch = (String) reply.get(0);
        List<Stored> kept = new ArrayList<>();
        for (Object entry : (List<?>) reply.get(2)) {
            List<?> idAndFields = (List<?>) entry;
            String id = (String) idAndFields.get(0);
            List<?> fields = (List<?>) idAndFields.get(1);
            Position position = new Position(epoch, Long.parseLong(id.substring(0, id.indexOf('-'))));
            kept.add(Envelope.decode(topic, position, (String) fields.get(1)));
        }
        return new Snapshot(new Position(epoch, (Long) reply.get(1)), kept);
    }

    void ping() {
        try (Jedis jedis = pool.getResource()) {
            jedis.ping();
        }
    }

    /** Drops the idle connections: after a failure they are likely dead too, and each would fail one request. */
    void forgetIdle() {
        pool.clear();
    }

    @Override
    public void close() {
        pool.close();
    }

    private static List<String> keys(String topic) {
        String tag = "echopush:{" + topic + "}:";
        return List.of(tag + "pos", tag + "log");
    }

    private static String newEpoch() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    /** A script run by its digest, sent whole only when Redis does not know it (yet, or after a restart). */
    private final class Script {
        private final String source;
        private volatile String sha;

        Script(String source) {
            this.source = source;
        }

        Object run(List<String> keys, List<String> args) {
            try (Jedis jedis = pool.getResource()) {
                if (sha != null) {
                    try {
                        return jedis.evalsha(sha, keys, args);
                    } catch (JedisNoScriptException e) {
                        sha = null;
                    }
                }
                sha = jedis.scriptLoad(source);
                return jedis.evalsha(sha, keys, args);
            }
        }
    }
}
