package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.SdkConformanceTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.iotanalytics.model.ThrottlingException;

/** The stats served over HTTP at {@code GET /_emulator/stats}, unsigned. */
class StatsHttpTest {

    @Nested
    class WithoutCredentials {

        @RegisterExtension
        final IoTAnalyticsEmulatorExtension emulator = IoTAnalyticsEmulatorExtension.create();

        @Test
        void servesTheCountsInTotalAndPerChannel() {
            IoTAnalyticsEmulator running = emulator.emulator();
            running.createChannel("left");
            running.createChannel("right");
            running.client().batchPutMessage(r -> r.channelName("left")
                    .messages(message("1", "{\"a\":1}"), message("2", "{\"bad-name\":1}")));
            running.client().batchPutMessage(r -> r.channelName("right").messages(message("1", "{\"a\":1}")));
            running.faults().script(Fault.THROTTLE);
            assertThatThrownBy(() -> running.client().batchPutMessage(r -> r.channelName("right")
                    .messages(message("2", "{}")))).isInstanceOf(ThrottlingException.class);

            HttpResponse<String> response = RawHttp.get(running, "/_emulator/stats");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode stats = RawHttp.json(response);
            assertThat(stats.path("batchCalls").asLong()).isEqualTo(3);
            assertThat(stats.path("answeredCalls").asLong()).isEqualTo(2);
            assertThat(stats.path("messagesAccepted").asLong()).isEqualTo(2);
            assertThat(stats.path("messagesRejected").asLong()).isEqualTo(1);
            assertThat(stats.path("throttledCalls").asLong()).isZero();
            assertThat(stats.path("injectedFaults").path("THROTTLE").asLong()).isEqualTo(1);
            assertThat(stats.path("injectedFaults").path("UNAVAILABLE").asLong()).isZero();
            assertThat(stats.path("batchSizeHistogram").path("1").asLong()).isEqualTo(1);
            assertThat(stats.path("batchSizeHistogram").path("2").asLong()).isEqualTo(1);
            JsonNode left = stats.path("channels").path("left");
            assertThat(left.path("calls").asLong()).isEqualTo(1);
            assertThat(left.path("messagesAccepted").asLong()).isEqualTo(1);
            assertThat(left.path("messagesRejected").asLong()).isEqualTo(1);
            assertThat(left.path("throttledCalls").asLong()).isZero();
            assertThat(stats.path("channels").path("right").path("messagesAccepted").asLong()).isEqualTo(1);
        }

        @Test
        void answersOnlyGetOnTheStatsPath() {
            IoTAnalyticsEmulator running = emulator.emulator();

            RawHttp.assertError(RawHttp.post(running, "/_emulator/stats", "{}"), 405, "UnknownOperationException");
            RawHttp.assertError(RawHttp.get(running, "/_emulator/other"), 404, "UnknownOperationException");
        }

        @Test
        void theSummaryLineNamesEachCount() {
            IoTAnalyticsEmulator running = emulator.emulator();
            running.createChannel("summed");
            running.client().batchPutMessage(r -> r.channelName("summed").messages(message("1", "{}")));

            assertThat(running.stats().summary()).isEqualTo("BatchPutMessage calls: 1, messages accepted: 1,"
                    + " messages refused: 0, calls throttled by a channel quota: 0, calls with an injected fault: 0");
        }

        @Test
        void statsEndpointNamesThePath() {
            assertThat(emulator.emulator().statsEndpoint().toString())
                    .isEqualTo(emulator.emulator().endpoint() + "/_emulator/stats");
        }
    }

    @Nested
    class WithCredentials {

        @RegisterExtension
        final IoTAnalyticsEmulatorExtension emulator = IoTAnalyticsEmulatorExtension.builder()
                .credentials("AKIDSTATS", "stats-secret")
                .build();

        @Test
        void servesTheStatsUnsignedWhileTheApiNeedsASignature() {
            RawHttp.assertError(RawHttp.get(emulator.emulator(), "/channels"), 403,
                    "MissingAuthenticationTokenException");

            HttpResponse<String> response = RawHttp.get(emulator.emulator(), "/_emulator/stats");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(RawHttp.json(response).path("batchCalls").asLong()).isZero();
        }
    }

    @Test
    void noOperationOfTheModelCanHaveThePath() throws IOException {
        JsonNode model;
        try (InputStream in = getClass().getResourceAsStream(
                "/aws-model/botocore-iotanalytics-2017-11-27-service-2.json")) {
            model = new ObjectMapper().readTree(in);
        }
        List<String> paths = new ArrayList<>();
        model.path("operations").forEach(operation -> paths.add(operation.path("http").path("requestUri").asText()));

        assertThat(paths).hasSizeGreaterThan(30).allSatisfy(path -> assertThat(path).startsWith("/")
                .doesNotStartWith("/_").doesNotStartWith(StatsHttpHandler.CONTEXT));
    }
}
