package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.RawHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The front door against clients that send too much, sign with a wrong clock or use unknown methods, over raw HTTP. */
class BadClientsTest {

    private static final String ACCESS_KEY = "AKIAEMULATOREXAMPLE";
    private static final String SECRET_KEY = "emulator/secret/key/EXAMPLE";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension SMALL_CAP = IoTAnalyticsEmulatorExtension.builder()
            .maxRequestBytes(1000)
            .build();

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension SIGNED = IoTAnalyticsEmulatorExtension.builder()
            .credentials(ACCESS_KEY, SECRET_KEY)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();

    @Test
    void theDefaultCapIsAboveTheLargestLegalRequest() {
        int base64Payload = (PayloadRules.MAX_PAYLOAD_BYTES + 2) / 3 * 4;
        String message = "{\"messageId\":\"" + "x".repeat(128) + "\",\"payload\":\"" + "A".repeat(base64Payload)
                + "\"},";
        int largestLegalRequest = ("{\"channelName\":\"" + "c".repeat(128) + "\",\"messages\":[]}").length()
                + PayloadRules.MAX_MESSAGES_PER_BATCH * message.length();

        assertThat(EmulatorSettingsBuilder.DEFAULT_MAX_REQUEST_BYTES).isGreaterThan(largestLegalRequest);
    }

    @Test
    void aContentLengthAboveTheCapIsRefusedBeforeTheBodyIsSent() throws IOException {
        try (Socket socket = connect(SMALL_CAP.emulator())) {
            OutputStream out = socket.getOutputStream();
            // announces 1 GB and sends none of it: the answer cannot wait for the body
            out.write(("POST /messages/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").contains("RequestEntityTooLargeException")
                    .contains("1000000000 bytes");
        }
    }

    @Test
    void aChunkedBodyIsRefusedAsSoonAsItPassesTheCap() throws IOException {
        try (Socket socket = connect(SMALL_CAP.emulator())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /messages/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = "x".repeat(600);
            for (int i = 0; i < 2; i++) {
                out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // no last chunk: the body never ends, and the answer comes anyway

            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").contains("RequestEntityTooLargeException")
                    .contains("more than 1000 bytes");
        }
    }

    @Test
    void aBodyAtTheCapIsRead() {
        String body = "{\"channelName\":\"nowhere\",\"messages\":[{\"messageId\":\"1\",\"payload\":\"\"}]}";
        String padded = body + " ".repeat(1000 - body.length());

        assertError(RawHttp.post(SMALL_CAP.emulator(), "/messages/batch", padded), 404,
                "ResourceNotFoundException");
    }

    @Test
    void aSignatureOlderThan15MinutesHasExpired() throws Exception {
        HttpResponse<String> response = signedListChannels(NOW.minus(Duration.ofMinutes(15)).minusSeconds(1));

        assertError(response, 403, "InvalidSignatureException");
        assertThat(RawHttp.json(response).path("message").asText()).isEqualTo("Signature expired: 20260101T114459Z"
                + " is now earlier than 20260101T114500Z (20260101T120000Z - 15 min.)");
    }

    @Test
    void aSignatureMoreThan15MinutesAheadIsRefusedToo() throws Exception {
        HttpResponse<String> response = signedListChannels(NOW.plus(Duration.ofMinutes(15)).plusSeconds(1));

        assertError(response, 403, "InvalidSignatureException");
        assertThat(RawHttp.json(response).path("message").asText()).isEqualTo("Signature not yet current:"
                + " 20260101T121501Z is still later than 20260101T121500Z (20260101T120000Z + 15 min.)");
    }

    @Test
    void aSignatureWithin15MinutesIsAccepted() throws Exception {
        assertThat(signedListChannels(NOW.minus(Duration.ofMinutes(15))).statusCode()).isEqualTo(200);
        assertThat(signedListChannels(NOW.plus(Duration.ofMinutes(15))).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownMethodIsAnUnknownOperation() throws IOException {
        for (IoTAnalyticsEmulator emulator : new IoTAnalyticsEmulator[] {SMALL_CAP.emulator(), SIGNED.emulator()}) {
            try (Socket socket = connect(emulator)) {
                socket.getOutputStream().write("BREW /channels HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));

                assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 405")
                        .contains("UnknownOperationException");
            }
            try (Socket socket = connect(emulator)) {
                socket.getOutputStream().write("BREW /coffee HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));

                assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 404")
                        .contains("UnknownOperationException");
            }
        }
    }

    /** ListChannels signed by the SDK's signer as if its clock said {@code signedAt}. */
    private static HttpResponse<String> signedListChannels(Instant signedAt) throws Exception {
        URI endpoint = SIGNED.emulator().endpoint();
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(endpoint.resolve("/channels"))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iotanalytics")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))).request();
        HttpRequest.Builder raw = HttpRequest.newBuilder(endpoint.resolve("/channels")).GET();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> raw.header(name, value));
            }
        });
        return HTTP.send(raw.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connect(IoTAnalyticsEmulator emulator) throws IOException {
        Socket socket = new Socket("127.0.0.1", emulator.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** The status line, headers and body of one answer, read up to its Content-Length. */
    static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
