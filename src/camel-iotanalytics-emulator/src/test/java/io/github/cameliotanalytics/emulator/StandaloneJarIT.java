package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.ChannelSummary;

/**
 * The standalone jar as a user runs it: {@code java -jar ...-standalone.jar --port 0} from a directory outside the
 * repository, with only the JDK, checking signatures. It is under {@value #MAX_JAR_BYTES} bytes and holds neither the
 * AWS SDK nor the test frameworks; it prints the listening line, serves signed SDK calls and refuses a wrong
 * signature, serves its stats over HTTP, closes the connections of clients that stop sending, and stops cleanly on
 * SIGTERM with a summary line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneJarIT {

    private static final Pattern LISTENING =
            Pattern.compile("IoT Analytics emulator listening on (http://127\\.0\\.0\\.1:(\\d+))");
    /** The bound on the jar's size: the emulator and Jackson. */
    private static final long MAX_JAR_BYTES = 6_000_000;
    private static final String ACCESS_KEY = "AKIDSTANDALONE";
    private static final String SECRET_KEY = "standalone/secret";

    @TempDir
    static Path workingDirectory;
    private static Process process;
    private static BufferedReader output;
    private static URI endpoint;

    @BeforeAll
    static void runTheJar() throws IOException {
        Path jar = Path.of(System.getProperty("standalone.jar"));
        assertThat(jar).isRegularFile();
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "--port", "0", "--read-timeout-seconds", "2",
                "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY)
                .directory(workingDirectory.toFile())
                .redirectError(workingDirectory.resolve("stderr.txt").toFile())
                .start();
        output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = output.readLine();
        Matcher matcher = LISTENING.matcher(first == null ? "" : first);
        assertThat(matcher.matches()).as("first line: %s", first).isTrue();
        endpoint = URI.create(matcher.group(1));
    }

    @AfterAll
    static void killTheJar() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    @Order(0)
    void holdsTheEmulatorAloneUnderTheSizeBound() throws IOException {
        Path jar = Path.of(System.getProperty("standalone.jar"));
        List<String> entries;
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            entries = jarFile.stream().map(JarEntry::getName).toList();
        }

        assertThat(Files.size(jar)).isLessThan(MAX_JAR_BYTES);
        assertThat(entries).contains("io/github/cameliotanalytics/emulator/EmulatorMain.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class");
        assertThat(entries).noneMatch(name -> name.startsWith("software/amazon/")
                || name.startsWith("org/testcontainers/") || name.startsWith("org/apache/http/")
                || name.startsWith("org/junit/") || name.startsWith("org/springframework/")
                || name.startsWith("io/quarkus/") || name.startsWith("com/sun/jna/"));
    }

    @Test
    @Order(1)
    void servesSignedSdkCalls() {
        try (IoTAnalyticsClient client = TestWiringTest.clientOf(endpoint.toString(), "us-east-1", ACCESS_KEY,
                SECRET_KEY)) {
            client.createChannel(r -> r.channelName("from_the_jar"));
            var response = client.batchPutMessage(r -> r.channelName("from_the_jar").messages(
                    m -> m.messageId("1").payload(SdkBytes.fromUtf8String("{\"temp_01\":29}")),
                    m -> m.messageId("2").payload(SdkBytes.fromUtf8String("{\"temp-01\":29}"))));

            assertThat(client.listChannels(r -> { }).channelSummaries()).extracting(ChannelSummary::channelName)
                    .containsExactly("from_the_jar");
            assertThat(response.batchPutMessageErrorEntries()).singleElement()
                    .satisfies(e -> assertThat(e.messageId()).isEqualTo("2"));
        }
    }

    @Test
    @Order(2)
    void refusesAWrongSignature() {
        try (IoTAnalyticsClient client = TestWiringTest.clientOf(endpoint.toString(), "us-east-1", ACCESS_KEY,
                "wrong")) {
            assertThatThrownBy(() -> client.listChannels(r -> { }))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }

    @Test
    @Order(3)
    void servesItsStatsOverHttp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoint + "/_emulator/stats")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode stats = new ObjectMapper().readTree(response.body());
        assertThat(stats.path("batchCalls").asLong()).isEqualTo(1);
        assertThat(stats.path("channels").path("from_the_jar").path("messagesAccepted").asLong()).isEqualTo(1);
        assertThat(stats.path("channels").path("from_the_jar").path("messagesRejected").asLong()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void closesAClientThatStopsSendingItsHeaders() throws IOException {
        assertClosedAfterSending("POST /messages/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
    }

    @Test
    @Order(5)
    void closesAClientThatStopsSendingItsBody() throws IOException {
        assertClosedAfterSending("POST /messages/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"
                + "{\"channelName\":");
    }

    @Test
    @Order(6)
    void stopsCleanlyOnSigterm() throws Exception {
        process.toHandle().destroy(); // SIGTERM

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        List<String> rest = new ArrayList<>();
        output.lines().forEach(rest::add);
        assertThat(rest).containsExactly("IoT Analytics emulator stats: BatchPutMessage calls: 1, messages accepted: 1,"
                + " messages refused: 1, calls throttled by a channel quota: 0, calls with an injected fault: 0",
                "IoT Analytics emulator stopped");
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(Files.readString(workingDirectory.resolve("stderr.txt"))).isEmpty();
    }

    /** Sends part of a request and waits (generously) for the emulator to close the connection without an answer. */
    private static void assertClosedAfterSending(String part) throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(part.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).as("the connection is closed, with no answer").isEqualTo(-1);
        }
    }
}
