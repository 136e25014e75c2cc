package io.github.cameliotanalytics.examples.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the demo for a few seconds against the in-process emulator and checks what reached the channel. */
class DemoTest {

    @Test
    void storesTheGoodReadingsAndRejectsTheBadOnes() throws Exception {
        DemoSettings settings = new DemoSettings("emulator", Duration.ofSeconds(3), 20, Duration.ofMillis(10),
                50, "demo_test", Path.of("target/demo-test-data").toAbsolutePath(), "eu-west-1", null);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        DemoResult result = Demo.run(settings, new PrintStream(console, true, StandardCharsets.UTF_8));

        // every reading was either stored or rejected, and exactly the bad ones were rejected
        assertThat(result.readings()).isGreaterThan(100);
        assertThat(result.badReadings()).isPositive();
        assertThat(result.failed()).isEqualTo(result.badReadings());
        assertThat(result.sent()).isEqualTo(result.readings() - result.badReadings());
        assertThat(result.rejectedByCode()).isEqualTo(Map.of("InvalidRequestException", result.badReadings()));
        // the readings travelled in batches, not one call each
        assertThat(result.meanBatchSize()).isGreaterThan(1.0);
        assertThat(result.batches()).isLessThan(result.sent());

        // the emulator holds exactly the good readings, and wrote them to the JSON Lines file
        assertThat(result.storedMessages()).isEqualTo(result.sent());
        List<String> lines = Files.readAllLines(result.dataFile());
        assertThat(lines).hasSize((int) result.sent());
        assertThat(lines).noneMatch(line -> line.contains("temp-01"));
        assertThat(lines).allMatch(line -> line.contains("\"temperature\""));

        // sampleChannelData read some of them back
        assertThat(result.sample()).hasSizeBetween(1, 5).allMatch(payload -> payload.contains("\"deviceId\""));

        String output = console.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains("[  1s] sent")
                .contains("CamelIoTAnalyticsErrorCode=InvalidRequestException")
                .contains("field name 'temp-01'")
                .contains("JSON Lines output: " + result.dataFile());
    }
}
