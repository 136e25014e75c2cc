package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.SdkConformanceTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/** The optional JSON Lines files of accepted messages. */
class JsonLinesOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @Test
    void writesOneLinePerAcceptedMessageInAFilePerChannel() throws IOException {
        byte[] binary = {0, 1, 2, (byte) 0xFF};
        try (IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder().dataDirectory(dataDirectory).build()
                .start()) {
            emulator.createChannel("lines");
            emulator.createChannel("other");
            emulator.client().batchPutMessage(r -> r.channelName("lines").messages(
                    message("json", "{\"temp_01\": 29, \"nested\": {\"a\": [1, 2]}}"),
                    message("rejected", "{\"temp-01\": 29}"),
                    Message.builder().messageId("binary").payload(SdkBytes.fromByteArray(binary)).build(),
                    message("text", "plain text"),
                    message("number", "42")));
            emulator.client().batchPutMessage(r -> r.channelName("other").messages(message("o", "{}")));
        }

        List<JsonNode> lines = readLines(dataDirectory.resolve("lines.jsonl"));
        assertThat(lines).extracting(line -> line.path("messageId").asText())
                .containsExactly("json", "binary", "text", "number");
        assertThat(lines.get(0).path("payload").path("nested").path("a").get(1).asInt()).isEqualTo(2);
        assertThat(lines.get(0).has("payloadBase64")).isFalse();
        assertThat(Base64.getDecoder().decode(lines.get(1).path("payloadBase64").asText())).isEqualTo(binary);
        assertThat(lines.get(1).has("payload")).isFalse();
        assertThat(lines.get(2).path("payloadBase64").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.get(3).path("payload").asInt()).isEqualTo(42);
        assertThat(Instant.parse(lines.get(0).path("receivedAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(readLines(dataDirectory.resolve("other.jsonl"))).hasSize(1);
    }

    @Test
    void flushesWhileRunningAndAppendsAcrossRuns() throws IOException {
        Path file = dataDirectory.resolve("kept.jsonl");
        try (IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder().dataDirectory(dataDirectory).build()
                .start()) {
            emulator.createChannel("kept");
            emulator.client().batchPutMessage(r -> r.channelName("kept").messages(message("1", "{}")));

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);
        }
        try (IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder().dataDirectory(dataDirectory).build()
                .start()) {
            emulator.createChannel("kept");
            emulator.client().batchPutMessage(r -> r.channelName("kept").messages(message("2", "{}")));
        }

        assertThat(readLines(file)).extracting(line -> line.path("messageId").asText()).containsExactly("1", "2");
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
