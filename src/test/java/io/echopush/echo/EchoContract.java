package io.echopush.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.TestClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What {@code /echo} promises, on whichever server the implementing test provides: every message back whole,
 * same type, same bytes, in order, for every client on its own.
 */
interface EchoContract {

    AppUrls urls();

    private URI echo() {
        return urls().ws("echo");
    }

    @Test
    default void textComesBackUnchanged() {
        try (TestClient client = TestClient.connect(echo())) {
            client.assertEchoes("hello");
            client.assertEchoes("héllo wörld ✓ 😀 — 中文");
        }
    }

    @Test
    default void binaryComesBackByteForByte() {
        byte[] data = randomBytes(4096, 1);
        try (TestClient client = TestClient.connect(echo())) {
            client.sendBinary(data);
            assertArrayEquals(data, client.nextBinary());
        }
    }

    @Test
    default void emptyMessagesComeBackEmpty() {
        try (TestClient client = TestClient.connect(echo())) {
            client.assertEchoes("");
            client.sendBinary(new byte[0]);
            assertArrayEquals(new byte[0], client.nextBinary());
        }
    }

    @Test
    default void fragmentedTextComesBackAsOneMessage() {
        try (TestClient client = TestClient.connect(echo())) {
            client.sendText("frag", false).sendText("mented ", false).sendText("é✓", true);
            assertEquals("fragmented é✓", client.nextText());
        }
    }

    @Test
    default void fragmentedBinaryComesBackAsOneMessage() {
        byte[] data = randomBytes(30_000, 2);
        try (TestClient client = TestClient.connect(echo())) {
            client.sendBinary(Arrays.copyOfRange(data, 0, 10_000), false)
                    .sendBinary(Arrays.copyOfRange(data, 10_000, 10_001), false)
                    .sendBinary(Arrays.copyOfRange(data, 10_001, data.length), true);
            assertArrayEquals(data, client.nextBinary());
        }
    }

    @Test
    default void twoThousandPipelinedMessagesComeBackInOrder() {
        try (TestClient client = TestClient.connect(echo())) {
            for (int i = 0; i < 2_000; i++) {
                if (i % 2 == 0) {
                    client.sendText("message " + i);
                } else {
                    client.sendBinary(("message " + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            for (int i = 0; i < 2_000; i++) {
                String echoed = i % 2 == 0 ? client.nextText()
                        : new String(client.nextBinary(), StandardCharsets.UTF_8);
                assertEquals("message " + i, echoed);
            }
        }
    }

    @Test
    default void twoHundredConcurrentClientsEachGetTheirOwnEchoesInOrder() throws Exception {
        int clients = 200;
        int messagesEach = 20;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                runs.add(CompletableFuture.runAsync(() -> {
                    try (TestClient client = TestClient.connect(echo())) {
                        for (int m = 0; m < messagesEach; m++) {
                            client.sendText("client " + id + " message " + m);
                        }
                        for (int m = 0; m < messagesEach; m++) {
                            assertEquals("client " + id + " message " + m, client.nextText());
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void pingIsAnsweredWithPongCarryingTheSamePayload() {
        byte[] payload = randomBytes(125, 3); // the most a control frame may carry
        try (TestClient client = TestClient.connect(echo())) {
            client.sendPing(payload);
            assertArrayEquals(payload, client.nextPong());
        }
    }

    @Test
    default void normalCloseIsAnsweredWithNormalClose() {
        try (TestClient client = TestClient.connect(echo())) {
            client.assertEchoes("before closing");
            client.sendClose(1000, "done");
            assertEquals(1000, client.awaitClose().code());
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
