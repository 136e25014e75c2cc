package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.ChannelSummary;

/**
 * The standalone jar as a user runs it: {@code java -jar ...-standalone.jar --port 0} from a directory outside the
 * repository, with only the JDK. It prints the listening line, serves SDK calls, closes the connections of clients
 * that stop sending, and stops cleanly on SIGTERM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneJarIT {

    private static final Pattern LISTENING =
            Pattern.compile("IoT Analytics emulator listening on (http://127\\.0\\.0\\.1:(\\d+))");

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
                "-jar", jar.toAbsolutePath().toString(), "--port", "0", "--read-timeout-seconds", "2")
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
    @Order(1)
    void servesSdkCalls() {
        try (IoTAnalyticsClient client = TestWiringTest.clientOf(endpoint.toString(), "us-east-1", "any", "any")) {
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
    void closesAClientThatStopsSendingItsHeaders() throws IOException {
        assertClosedAfterSending("POST /messages/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
    }

    @Test
    @Order(3)
    void closesAClientThatStopsSendingItsBody() throws IOException {
        assertClosedAfterSending("POST /messages/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"
                + "{\"channelName\":");
    }

    @Test
    @Order(4)
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
