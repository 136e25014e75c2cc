package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.ChannelSummary;
import software.amazon.awssdk.services.iotanalytics.model.ThrottlingException;

/** The standalone program, run in its own JVM, and its options. */
class EmulatorMainTest {

    private static final Pattern LISTENING = Pattern.compile(
            Pattern.quote(EmulatorMain.LISTENING) + "(http://127\\.0\\.0\\.1:(\\d+))");

    @Test
    void startsOnAFreePortPrintsTheLineServesAndStopsOnSigterm() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(),
                "--port", "0", "--channel", "preset", "--channel", "second", "--region", "eu-west-1",
                "--access-key", "AKIDMAIN", "--secret-key", "main-secret")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = output.readLine();
            Matcher matcher = LISTENING.matcher(first == null ? "" : first);
            assertThat(matcher.matches()).as("first line: %s", first).isTrue();
            assertThat(Integer.parseInt(matcher.group(2))).isPositive();

            try (IoTAnalyticsClient client = IoTAnalyticsClient.builder()
                    .endpointOverride(URI.create(matcher.group(1)))
                    .region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIDMAIN", "main-secret")))
                    .build()) {
                assertThat(client.listChannels(r -> { }).channelSummaries())
                        .extracting(ChannelSummary::channelName).containsExactly("preset", "second");
            }

            process.toHandle().destroy(); // SIGTERM, leaving the output readable
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> rest = new ArrayList<>();
            output.lines().forEach(rest::add);
            assertThat(rest).contains(EmulatorMain.STOPPED);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void helpListsEveryOption() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName(), "--help")
                .redirectErrorStream(true)
                .start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(help).contains("--port", "--host", "--region", "--access-key", "--secret-key", "--data-dir",
                "--channel", "--max-messages-per-channel", "--throttle-rate", "--unavailable-rate",
                "--internal-failure-rate", "--entry-failure-rate", "--latency-ms", "--drop-rate", "--seed", "--max-request-bytes",
                "--read-timeout-seconds", "--channel-quota", "--help");
    }

    @Test
    void optionsConfigureTheEmulatorAndItsFaults() {
        EmulatorOptions options = EmulatorOptions.parse("--port=0", "--channel", "a", "--throttle-rate", "1",
                "--latency-ms", "1-2", "--seed", "3", "--max-channels", "4");

        IoTAnalyticsEmulator emulator = options.createEmulator();

        assertThat(options.help()).isFalse();
        assertThat(emulator.messages("a")).isEmpty();
        assertThat(emulator.faults().nextCall().fault()).isEqualTo(Fault.THROTTLE);
        assertThat(emulator.faults().nextCall().delay().toMillis()).isBetween(1L, 2L);
    }

    @Test
    void channelQuotaOptionThrottlesWhatDoesNotFit() {
        try (IoTAnalyticsEmulator emulator = EmulatorOptions.parse("--channel-quota", "1", "--channel", "q")
                .createEmulator().start()) {
            emulator.client().batchPutMessage(r -> r.channelName("q").messages(SdkConformanceTest.message("1", "{}")));

            assertThatThrownBy(() -> emulator.client().batchPutMessage(r -> r.channelName("q").messages(
                    SdkConformanceTest.message("2", "{}"), SdkConformanceTest.message("3", "{}"))))
                    .isInstanceOf(ThrottlingException.class);
            assertThat(emulator.stats().throttledCalls()).isEqualTo(1);
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> EmulatorOptions.parse("--bogus", "1")).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> EmulatorOptions.parse("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EmulatorOptions.parse("--port", "many")).hasMessageContaining("integer");
        assertThatThrownBy(() -> EmulatorOptions.parse("--access-key", "only")).hasMessageContaining("--secret-key");
        assertThatThrownBy(() -> EmulatorOptions.parse("--channel-quota", "-1"))
                .hasMessageContaining("channelQuota");
        assertThatThrownBy(() -> EmulatorOptions.parse("--drop-rate", "2").createEmulator())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
