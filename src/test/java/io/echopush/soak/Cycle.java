package io.echopush.soak;

import static io.echopush.testing.RawConformance.assertServerCloses;
import static io.echopush.testing.RawWebSocket.PING;
import static io.echopush.testing.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.TestClient;
import java.util.Arrays;
import java.util.Map;

/**
 * One connect/disconnect cycle of the soak (reliability case 27), each ending a connection another way: clean
 * closes by a polite client, TCP resets (some mid-frame), TCP closes without a close frame, protocol violations
 * and oversize messages. Cycle {@code n} is of kind {@code n % 10}, so every thousand cycles hold a hundred of each.
 * Every kind asserts what the server must answer; the soak asserts what it must forget.
 */
enum Cycle {

    ECHO_CLEAN_CLOSE {
        @Override
        void run(AppUrls urls, int n) {
            try (TestClient client = TestClient.connect(urls.ws("echo"))) {
                client.assertEchoes("cycle " + n);
                client.sendClose(1000, "done");
                assertEquals(1000, client.awaitClose().code());
            }
        }
    },
    PUSH_CLEAN_CLOSE {
        @Override
        void run(AppUrls urls, int n) {
            try (PushClient client = PushClient.connect(urls)) {
                client.subscribe(topic(n));
                client.raw().sendClose(1000, "done");
                assertEquals(1000, client.awaitClose().code());
            }
        }
    },
    ECHO_RESET {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            RawWebSocket raw = echo(urls, n);
            raw.reset();
        }
    },
    ECHO_RESET_MID_FRAME {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            RawWebSocket raw = echo(urls, n);
            byte[] frame = RawWebSocket.frame(true, 0, TEXT, new byte[1000], true);
            raw.sendBytes(Arrays.copyOf(frame, frame.length / 2));
            raw.reset();
        }
    },
    PUSH_RESET {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            subscribed(urls, n).reset();
        }
    },
    PUSH_RESET_MID_FRAME {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            RawWebSocket raw = subscribed(urls, n);
            byte[] frame = RawWebSocket.frame(true, 0, TEXT, "{\"type\":\"subscribe\",\"topic\":\"x\"}".getBytes(), true);
            raw.sendBytes(Arrays.copyOf(frame, frame.length - 3));
            raw.reset();
        }
    },
    ECHO_NO_CLOSE_FRAME {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            echo(urls, n).close(); // FIN, no close frame
        }
    },
    PUSH_NO_CLOSE_FRAME {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            subscribed(urls, n).close();
        }
    },
    BAD_FRAME {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            try (RawWebSocket raw = open(urls, "echo")) {
                switch ((n / 10) % 4) {
                    case 0 -> raw.sendFrame(true, 0x1, TEXT, "rsv3".getBytes(), true); // no extension defines it
                    case 1 -> raw.sendFrame(true, 0, 0x3, "reserved opcode".getBytes(), true);
                    case 2 -> raw.sendFrame(true, 0, TEXT, "unmasked".getBytes(), false);
                    default -> raw.sendFrame(true, 0, PING, new byte[126], true); // control frames ≤ 125 bytes
                }
                assertServerCloses(1002, raw);
            }
        }
    },
    OVERSIZE {
        @Override
        void run(AppUrls urls, int n) throws Exception {
            String endpoint = (n / 10) % 2 == 0 ? "echo" : "push";
            try (RawWebSocket raw = open(urls, endpoint)) {
                raw.send(TEXT, new byte[LIMIT + 1]); // zero bytes: valid UTF-8, so only the size is wrong
                assertServerCloses(1009, raw);
            }
        }
    };

    private static final int LIMIT = Integer.parseInt(Setting.MAX_MESSAGE_BYTES.defaultValue());
    private static final Cycle[] KINDS = values();

    abstract void run(AppUrls urls, int n) throws Exception;

    static Cycle of(int n) {
        return KINDS[n % KINDS.length];
    }

    /** A few topics shared by the cycles, so that joins and leaves of one topic overlap. */
    private static String topic(int n) {
        return "soak-" + (n / 10) % 8;
    }

    private static RawWebSocket open(AppUrls urls, String endpoint) throws Exception {
        RawWebSocket raw = RawWebSocket.open(urls.ws(endpoint),
                endpoint.equals("push") ? Map.of("Sec-WebSocket-Protocol", PushClient.PROTOCOL) : Map.of());
        if (raw.handshake().status() != 101) {
            raw.close();
            fail("handshake on /" + endpoint + ": " + raw.handshake().status());
        }
        return raw;
    }

    /** A raw /echo connection after one round trip, so that the session is surely open at the server. */
    private static RawWebSocket echo(AppUrls urls, int n) throws Exception {
        RawWebSocket raw = open(urls, "echo");
        try {
            raw.sendText("cycle " + n);
            assertEquals("cycle " + n, raw.readMessage().text());
            return raw;
        } catch (Exception | AssertionError e) {
            raw.close();
            throw e;
        }
    }

    /** A raw /push connection subscribed to a topic (the reply read), so that ending it must leave the topic. */
    private static RawWebSocket subscribed(AppUrls urls, int n) throws Exception {
        RawWebSocket raw = open(urls, "push");
        try {
            raw.sendText(PushClient.request("subscribe", topic(n)).toString());
            String reply;
            do {
                reply = raw.readMessage().text();
            } while (reply.contains("\"presence\""));
            assertEquals("subscribed", PushClient.read(reply).path("type").asText(), reply);
            return raw;
        } catch (Exception | AssertionError e) {
            raw.close();
            throw e;
        }
    }
}
