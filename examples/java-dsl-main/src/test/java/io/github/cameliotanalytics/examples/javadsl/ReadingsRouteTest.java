package io.github.cameliotanalytics.examples.javadsl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorExtension;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the application with Camel Main, pointed at an in-process emulator instead of the standalone one. */
class ReadingsRouteTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-west-1")
            .credentials("AKIDEXAMPLE", "emulator-secret") // the keys of application.properties
            .build();

    private Main main;

    @BeforeEach
    void startApplication() {
        emulator().createChannel("plant_readings");
        main = new Main(ReadingsApplication.class);
        // the rest of application.properties applies as it is
        main.addOverrideProperty("camel.component.iotanalytics.uri-endpoint-override", emulator().getEndpoint().toString());
        main.addOverrideProperty("readings.simulate", "false");
        main.start();
    }

    @AfterEach
    void stopApplication() {
        main.stop();
    }

    @Test
    void readingsReachTheChannelInBatchesOfAtMostFifty() {
        CamelContext camel = main.getCamelContext();
        ProducerTemplate template = camel.createProducerTemplate();

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String body = "{\"deviceId\":\"sensor-" + (i % 4) + "\",\"temperature\":" + (200 + i) + "}";
            sent.add(template.asyncSend("direct:readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange bad = template.send("direct:readings",
                exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-9\",\"temp-01\":21.5}"));
        sent.forEach(CompletableFuture::join);

        // the Endpoint DSL options reached the endpoint
        IoTAnalyticsEndpoint endpoint = camel.getEndpoints().stream()
                .filter(IoTAnalyticsEndpoint.class::isInstance).map(IoTAnalyticsEndpoint.class::cast)
                .findFirst().orElseThrow();
        assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(50);
        assertThat(endpoint.getConfiguration().getBatchTimeout()).isEqualTo(200);
        assertThat(endpoint.getConfiguration().getRegion()).isEqualTo("eu-west-1");

        // the 120 good readings are stored, in calls of at most 50 messages; the bad one is not
        assertThat(sent).allSatisfy(future -> assertThat(future.join().getException()).isNull());
        List<StoredMessage> stored = emulator().messages("plant_readings");
        assertThat(stored).hasSize(120);
        assertThat(stored).extracting(StoredMessage::payloadAsString).doesNotHaveDuplicates()
                .allMatch(payload -> payload.contains("\"temperature\":"));
        assertThat(emulator().stats().batchSizes()).allMatch(size -> size <= 50);
        assertThat(emulator().stats().batchCalls()).isLessThan(120);

        // failOnErrorEntry(false): the rejected reading carries the error headers and no exception
        assertThat(bad.getException()).isNull();
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidRequestException");
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_MESSAGE, String.class)).contains("temp-01");
    }

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }
}
