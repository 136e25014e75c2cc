package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.SdkConformanceTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.iotanalytics.model.Message;

/** The Java API for tests: stats, stored messages, channel creation and reset. */
class StatsAndStorageTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .maxMessagesPerChannel(5)
            .build();

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }

    @Test
    void statsCountCallsSizesAndMessages() {
        emulator().createChannel("counted");
        send("counted", 3);
        send("counted", 100);
        send("counted", 100);
        emulator().client().batchPutMessage(r -> r.channelName("counted")
                .messages(message("bad", "{\"bad-name\":1}")));

        Stats stats = emulator().stats();
        assertThat(stats.batchCalls()).isEqualTo(4);
        assertThat(stats.batchSizes()).containsExactly(3, 100, 100, 1);
        assertThat(stats.batchSizeHistogram()).isEqualTo(Map.of(1, 1L, 3, 1L, 100, 2L));
        assertThat(stats.batchSizes().stream().filter(size -> size >= 90).count()).isEqualTo(2);
        assertThat(stats.messagesAccepted()).isEqualTo(203);
        assertThat(stats.messagesRejected()).isEqualTo(1);
    }

    @Test
    void callsRejectedAsAWholeCountAsCallsOnly() {
        assertThatThrownBy(() -> emulator().client().batchPutMessage(r -> r.channelName("absent")
                .messages(message("1", "{}")))).isInstanceOf(RuntimeException.class);

        assertThat(emulator().stats().batchCalls()).isEqualTo(1);
        assertThat(emulator().stats().batchSizes()).isEmpty();
        assertThat(emulator().stats().messagesAccepted() + emulator().stats().messagesRejected()).isZero();
    }

    @Test
    void aChannelKeepsItsLatestMessagesUpToTheLimit() {
        emulator().createChannel("bounded");
        send("bounded", 4);
        send("bounded", 4);

        List<StoredMessage> kept = emulator().messages("bounded");

        assertThat(kept).extracting(StoredMessage::messageId).containsExactly("m3", "m0", "m1", "m2", "m3");
        assertThat(kept).extracting(StoredMessage::receivedAt).isSorted();
        assertThat(emulator().client().describeChannel(r -> r.channelName("bounded").includeStatistics(true))
                .statistics().size().estimatedSizeInBytes()).isEqualTo(5 * "{\"n\":0}".length());
    }

    @Test
    void messagesOfAnUnknownChannelAreEmpty() {
        assertThat(emulator().messages("never_created")).isEmpty();
    }

    @Test
    void createChannelIsIdempotentAndChecksTheName() {
        emulator().createChannel("same");
        emulator().createChannel("same");

        assertThat(emulator().client().listChannels(r -> { }).channelSummaries()).hasSize(1);
        assertThatThrownBy(() -> emulator().createChannel("bad-name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createChannelRespectsTheChannelLimit() {
        try (IoTAnalyticsEmulator small = IoTAnalyticsEmulator.builder().maxChannels(1).build()) {
            small.createChannel("one");

            assertThatThrownBy(() -> small.createChannel("two")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void resetDropsChannelsMessagesFaultsAndStats() {
        emulator().createChannel("gone");
        send("gone", 2);
        emulator().faults().throttleRate(1.0);

        emulator().reset();

        assertThat(emulator().messages("gone")).isEmpty();
        assertThat(emulator().client().listChannels(r -> { }).channelSummaries()).isEmpty();
        assertThat(emulator().stats().batchCalls()).isZero();
        assertThat(emulator().stats().batchSizes()).isEmpty();
        assertThat(emulator().stats().batchSizeHistogram()).isEmpty();
        emulator().createChannel("gone");
        send("gone", 1);
        assertThat(emulator().messages("gone")).hasSize(1);
    }

    @Test
    void statsResetAloneKeepsTheMessages() {
        emulator().createChannel("kept");
        send("kept", 2);

        emulator().stats().reset();

        assertThat(emulator().stats().messagesAccepted()).isZero();
        assertThat(emulator().messages("kept")).hasSize(2);
    }

    @Test
    void anEmulatorStartsOnceAndReportsItsEndpoint() {
        IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder().build();
        assertThatThrownBy(emulator::port).isInstanceOf(IllegalStateException.class);

        emulator.start();
        try {
            assertThat(emulator.endpoint().toString()).isEqualTo("http://127.0.0.1:" + emulator.port());
            assertThat(emulator.port()).isPositive();
            assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class);
        } finally {
            emulator.stop();
        }
        emulator.stop();
        assertThatThrownBy(emulator::client).isInstanceOf(IllegalStateException.class);
    }

    private static void send(String channel, int count) {
        List<Message> messages = IntStream.range(0, count).mapToObj(i -> message("m" + i, "{\"n\":" + (i % 10) + "}"))
                .toList();
        emulator().client().batchPutMessage(r -> r.channelName(channel).messages(messages));
    }
}
