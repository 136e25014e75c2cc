package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/** {@code @Testcontainers} starts the emulator like a container, with no Docker. */
@Testcontainers
class TestcontainersAdapterTest {

    @Container
    static final IoTAnalyticsEmulatorContainer EMULATOR = new IoTAnalyticsEmulatorContainer(
            IoTAnalyticsEmulator.builder().region("eu-central-1"));

    @Test
    void theContainerAnnotationStartsTheEmulator() {
        try (IoTAnalyticsClient client = TestWiringTest.clientOf(EMULATOR.getEndpoint().toString(),
                EMULATOR.getRegion(), EMULATOR.getAccessKey(), EMULATOR.getSecretKey())) {
            client.createChannel(r -> r.channelName("contained"));

            assertThat(EMULATOR.getRegion()).isEqualTo("eu-central-1");
            assertThat(EMULATOR.emulator().stats()).isNotNull();
            assertThat(client.listChannels(r -> { }).channelSummaries()).extracting(c -> c.channelName())
                    .containsExactly("contained");
        }
    }
}
