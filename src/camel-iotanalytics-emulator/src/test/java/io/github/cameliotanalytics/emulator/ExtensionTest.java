package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension: one emulator for the class, reset after each test, injectable. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-central-1")
            .accountId("111122223333")
            .build();

    private static int firstPort;

    @Test
    @Order(1)
    void startsOnAFreeLoopbackPort(IoTAnalyticsEmulator injected) {
        assertThat(injected).isSameAs(EMULATOR.emulator());
        assertThat(injected.endpoint().getHost()).isEqualTo("127.0.0.1");
        firstPort = injected.port();
        injected.createChannel("left_behind");
        injected.faults().throttleRate(1.0);
        injected.client().createChannel(r -> r.channelName("also_left"));
    }

    @Test
    @Order(2)
    void resetsEverythingAfterEachTestButKeepsTheEmulator(IoTAnalyticsEmulator injected) {
        assertThat(injected.port()).isEqualTo(firstPort);
        assertThat(injected.client().listChannels(r -> { }).channelSummaries()).isEmpty();
        injected.createChannel("fresh");
        assertThat(injected.client().batchPutMessage(r -> r.channelName("fresh")
                .messages(SdkConformanceTest.message("1", "{}"))).batchPutMessageErrorEntries()).isEmpty();
    }

    @Test
    @Order(3)
    void usesTheBuilderSettings() {
        assertThat(EMULATOR.emulator().region()).isEqualTo("eu-central-1");
        assertThat(EMULATOR.emulator().client().createChannel(r -> r.channelName("arn")).channelArn())
                .isEqualTo("arn:aws:iotanalytics:eu-central-1:111122223333:channel/arn");
    }

    @Nested
    class NestedClass {

        @Test
        void sharesTheOuterEmulator(IoTAnalyticsEmulator injected) {
            assertThat(injected.port()).isEqualTo(EMULATOR.emulator().port());
        }
    }

    @AfterAll
    static void stillRunningInAfterAll() {
        assertThat(EMULATOR.emulator().port()).isPositive();
    }
}
