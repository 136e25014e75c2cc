package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/1.1 behaviour on one raw connection: keep-alive across answers and errors, methods without a body. */
class HttpConnectionTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.create();

    @Test
    void oneConnectionCarriesSuccessfulAndFailedCalls() throws IOException {
        EMULATOR.emulator().createChannel("kept_alive");
        try (Socket socket = new Socket("127.0.0.1", EMULATOR.emulator().port())) {
            socket.setSoTimeout(10_000);

            String badJson = exchange(socket, "POST", "/messages/batch", "{\"channelName\":");
            String unknown = exchange(socket, "GET", "/nowhere", "");
            String batch = exchange(socket, "POST", "/messages/batch", "{\"channelName\":\"kept_alive\","
                    + "\"messages\":[{\"messageId\":\"1\",\"payload\":\"e30=\"}]}");
            String list = exchange(socket, "GET", "/channels", "");

            assertThat(badJson).startsWith("HTTP/1.1 400");
            assertThat(unknown).startsWith("HTTP/1.1 404");
            assertThat(batch).startsWith("HTTP/1.1 200").endsWith("{\"batchPutMessageErrorEntries\":[]}");
            assertThat(list).startsWith("HTTP/1.1 200").contains("kept_alive");
        }
    }

    @Test
    void headAndOptionsAreNotOperations() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", EMULATOR.emulator().port())) {
            socket.setSoTimeout(10_000);

            assertThat(exchange(socket, "OPTIONS", "/channels", "")).startsWith("HTTP/1.1 405")
                    .contains("UnknownOperationException");
        }
        assertThat(RawHttp.send(EMULATOR.emulator(), "HEAD", "/channels", null).statusCode()).isEqualTo(405);
    }

    /** Sends one request and reads exactly one answer (headers and Content-Length bytes of body). */
    private static String exchange(Socket socket, String method, String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + bytes.length
                   + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
