package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.SdkConformanceTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.iotanalytics.model.Message;
import software.amazon.awssdk.services.iotanalytics.model.ThrottlingException;

/** The channel quota over real HTTP, on a fake clock: 150 messages per second per channel. */
class ChannelQuotaHttpTest {

    private static final AtomicLong NANO_TIME = new AtomicLong();

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .channelQuota(150)
            .quotaClock(NANO_TIME::get)
            .build();

    @Test
    void aCallBeyondTheQuotaIsThrottledInTheServicesWordsAndCounted() {
        IoTAnalyticsEmulator emulator = EMULATOR.emulator();
        emulator.createChannel("limited");
        emulator.createChannel("other");
        send("limited", "a", 100);

        assertThatThrownBy(() -> send("limited", "b", 100)).isInstanceOfSatisfying(ThrottlingException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
        send("limited", "c", 50);
        send("other", "d", 100);
        NANO_TIME.addAndGet(TimeUnit.SECONDS.toNanos(1));
        send("limited", "e", 100);

        assertThat(emulator.messages("limited")).hasSize(250)
                .noneMatch(stored -> stored.messageId().startsWith("b"));
        Stats stats = emulator.stats();
        assertThat(stats.throttledCalls()).isEqualTo(1);
        assertThat(stats.batchCalls()).isEqualTo(5);
        assertThat(stats.byChannel().get("limited")).isEqualTo(new Stats.ChannelStats(4, 250, 0, 1));
        assertThat(stats.byChannel().get("other").throttledCalls()).isZero();
        JsonNode json = RawHttp.json(RawHttp.get(emulator, "/_emulator/stats"));
        assertThat(json.path("throttledCalls").asLong()).isEqualTo(1);
        assertThat(json.path("channels").path("limited").path("throttledCalls").asLong()).isEqualTo(1);
        assertThat(json.path("channels").path("limited").path("calls").asLong()).isEqualTo(4);
    }

    @Test
    void theAnswerIsTheModelsThrottlingException() {
        IoTAnalyticsEmulator emulator = EMULATOR.emulator();
        emulator.createChannel("raw");
        String messages = String.join(",", IntStream.range(0, 100)
                .mapToObj(i -> "{\"messageId\":\"" + i + "\",\"payload\":\"e30=\"}").toList());
        String body = "{\"channelName\":\"raw\",\"messages\":[" + messages + "]}";
        assertThat(RawHttp.post(emulator, "/messages/batch", body).statusCode()).isEqualTo(200);

        HttpResponse<String> throttled = RawHttp.post(emulator, "/messages/batch", body);

        JsonNode error = RawHttp.assertError(throttled, 429, "ThrottlingException");
        assertThat(error.path("message").asText()).isEqualTo("Rate exceeded");
    }

    private static void send(String channel, String prefix, int count) {
        List<Message> messages = IntStream.range(0, count).mapToObj(i -> message(prefix + i, "{}")).toList();
        EMULATOR.emulator().client().batchPutMessage(r -> r.channelName(channel).messages(messages));
    }
}
