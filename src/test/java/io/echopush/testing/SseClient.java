package io.echopush.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A Server-Sent Events client on a bare TCP socket (HTTP/1.1, chunked bodies decoded), for what EventSource hides:
 * the status and headers, each event's id and name, comments, and a client that stops reading or resets.
 */
public final class SseClient implements AutoCloseable {

    /** One event as the EventSource parsing rules give it; {@code id} is the last id seen, as a browser keeps it. */
    public record Event(String id, String name, String data) {
    }

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final boolean chunked;
    private int chunkLeft;
    private boolean ended;
    private String lastId = "";
    private String name;
    private StringBuilder data;
    private final Deque<Event> ready = new ArrayDeque<>();
    private int comments;

    private SseClient(Socket socket, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.status = status;
        this.headers.putAll(headers);
        this.chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    }

    /** {@code GET /echo-push/events?query} with {@code extra} headers; a small receive window if asked (bytes). */
    public static SseClient open(AppUrls urls, String query, Map<String, String> extra, int receiveWindow) {
        URI uri = urls.http("events?" + query);
        try {
            Socket socket = new Socket();
            if (receiveWindow > 0) {
                socket.setReceiveBufferSize(receiveWindow);
            }
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            StringBuilder request = new StringBuilder("GET " + uri.getRawPath() + "?" + uri.getRawQuery()
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAccept: text/event-stream\r\n");
            extra.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            return new SseClient(socket, status, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SseClient open(AppUrls urls, String query) {
        return open(urls, query, Map.of(), 0);
    }

    public int status() {
        return status;
    }

    /** A response header, by its name in any case; null if absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a response that is not a stream (an error), whole. */
    public String body() {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String length = header("content-length");
            int left = length == null ? Integer.MAX_VALUE : Integer.parseInt(length);
            for (int b; left > 0 && (b = read()) >= 0; left--) {
                body.write(b);
            }
            return body.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event, comments skipped; fails if none comes within the timeout or the stream ends. */
    public Event next() {
        Event event = nextOrEnd();
        if (event == null) {
            throw new AssertionError("the stream ended");
        }
        return event;
    }

    /** The next event named {@code name} (null: an unnamed {@code message}), others skipped. */
    public Event next(String name) {
        while (true) {
            Event event = next();
            if (Objects.equals(event.name(), name)) {
                return event;
            }
        }
    }

    /** The next event, or null once the server has ended the stream. */
    public Event nextOrEnd() {
        while (ready.isEmpty()) {
            if (!readLine()) {
                return null;
            }
        }
        return ready.poll();
    }

    /** Reads one line as EventSource does; false at the stream's end. Complete events queue in {@link #ready}. */
    private boolean readLine() {
        try {
            String line = eventLine();
            if (line == null) {
                return false;
            }
            if (line.isEmpty()) {
                if (data != null) {
                    ready.add(new Event(lastId, name, data.toString()));
                }
                name = null;
                data = null;
            } else if (line.startsWith(":")) {
                comments++;
            } else {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> lastId = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
            return true;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing within " + TestClient.TIMEOUT, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Comment lines read so far (heartbeats). */
    public int comments() {
        return comments;
    }

    /** Reads until a comment line comes; fails if the stream ends first. */
    public void awaitComment() {
        int before = comments;
        while (comments == before) {
            if (!readLine()) {
                throw new AssertionError("the stream ended before a comment");
            }
        }
    }

    /** Ends the connection with a TCP reset, as a client that vanished. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String eventLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = read(); b != '\n'; b = read()) {
            if (b < 0) {
                return null;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", "");
    }

    /** One byte of the body, chunks decoded; -1 at its end. */
    private int read() throws IOException {
        if (ended) {
            return -1;
        }
        try {
            if (chunked && chunkLeft == 0) {
                String size = line(in);
                if (size.isEmpty()) {
                    size = line(in); // the CRLF after the previous chunk
                }
                chunkLeft = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (chunkLeft == 0) {
                    ended = true;
                    return -1;
                }
            }
        } catch (EOFException | SocketException cut) {
            ended = true; // the server closed (or reset) the connection without a last chunk
            return -1;
        }
        int b;
        try {
            b = in.read();
        } catch (SocketException cut) {
            b = -1;
        }
        if (b < 0) {
            ended = true;
            return -1;
        }
        chunkLeft--;
        return b;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection ended mid-line");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).replaceFirst("\r$", "");
    }
}
