package io.github.cameliotanalytics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that does to each connection what the emulator cannot: answer in raw bytes (a body that is not
 * JSON, an error the emulator never sends) or reset the connection in the middle of a request, following a script of
 * one behaviour per connection. One thread (its own) accepts and serves the connections one after the other;
 * {@link #close()} ends it and every connection.
 */
final class RawLoopbackServer implements AutoCloseable {

    /** What the server does with one connection, on the server's thread. */
    interface Behaviour {
        void serve(Socket connection) throws IOException;
    }

    private final ServerSocket socket;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();

    /**
     * @param script what to do with the first connections, in order; the last behaviour serves every later connection
     */
    RawLoopbackServer(Behaviour... script) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.add(connection);
                    script[Math.min(served.getAndIncrement(), script.length - 1)].serve(connection);
                } catch (IOException e) {
                    // the server or the connection closed: go on with the next one, or end with the server
                }
            }
        }, "RawLoopbackServer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads the request whole, then writes {@code response} as it is and closes the connection. */
    static Behaviour answer(String response) {
        return connection -> {
            readRequest(connection.getInputStream());
            connection.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
            connection.getOutputStream().flush();
            connection.close();
        };
    }

    /** Reads the headers of the request, then resets the connection (TCP RST) instead of answering. */
    static Behaviour resetAfterTheHeaders() {
        return connection -> {
            readHeaders(connection.getInputStream());
            connection.setSoLinger(true, 0);
            connection.close();
        };
    }

    /** An HTTP/1.1 answer with the given status line, headers (name: value lines, CRLF between them) and body. */
    static String response(String status, String headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + "\r\n" + headers + "\r\nContent-Length: " + bytes.length
               + "\r\nConnection: close\r\n\r\n" + body;
    }

    /** The answer of the service to a BatchPutMessage call whose messages were all stored. */
    static String allStored() {
        return response("200 OK", "Content-Type: application/json", "{\"batchPutMessageErrorEntries\":[]}");
    }

    String endpoint() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** How many connections the server has served. */
    int connections() {
        return served.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the headers");
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return headers.toString(StandardCharsets.ISO_8859_1);
    }

    private static void readRequest(InputStream in) throws IOException {
        String headers = readHeaders(in);
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).trim()));
            }
        }
    }
}
