package io.github.cameliotanalytics.examples.xmlyaml;

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

/** Loads the XML and YAML routes with Camel Main, pointed at an in-process emulator. */
class XmlYamlRoutesTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-west-1")
            .credentials("AKIDEXAMPLE", "emulator-secret") // the keys of application.properties
            .build();

    private Main main;

    @BeforeEach
    void startApplication() {
        emulator().createChannel("plant_readings");
        main = new Main();
        main.addOverrideProperty("camel.component.iotanalytics.uri-endpoint-override", emulator().getEndpoint().toString());
        main.addOverrideProperty("readings.simulate", "false");
        main.start();
    }

    @AfterEach
    void stopApplication() {
        main.stop();
    }

    @Test
    void bothRoutesSendTheirReadingsToTheChannel() {
        CamelContext camel = main.getCamelContext();
        assertThat(camel.getRoutes()).extracting(route -> route.getRouteId())
                .containsExactlyInAnyOrder("xml-readings", "yaml-readings", "sensor");

        ProducerTemplate template = camel.createProducerTemplate();
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String route = i % 2 == 0 ? "xml" : "yaml";
            String body = "{\"route\":\"" + route + "\",\"n\":" + i + "}";
            sent.add(template.asyncSend("direct:" + route + "-readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange badFromXml = template.send("direct:xml-readings",
                exchange -> exchange.getMessage().setBody("{\"temp-01\":1}"));
        Exchange badFromYaml = template.send("direct:yaml-readings",
                exchange -> exchange.getMessage().setBody("{\"temp-01\":2}"));
        sent.forEach(CompletableFuture::join);

        // the options of both files reached their endpoints (one endpoint: same URI options)
        assertThat(camel.getEndpoints()).filteredOn(IoTAnalyticsEndpoint.class::isInstance)
                .allSatisfy(endpoint -> assertThat(((IoTAnalyticsEndpoint) endpoint).getConfiguration().getBatchSize())
                        .isEqualTo(50));

        List<StoredMessage> stored = emulator().messages("plant_readings");
        assertThat(stored).hasSize(60);
        assertThat(stored).extracting(StoredMessage::payloadAsString)
                .filteredOn(payload -> payload.contains("\"route\":\"xml\"")).hasSize(30);
        assertThat(stored).extracting(StoredMessage::payloadAsString)
                .filteredOn(payload -> payload.contains("\"route\":\"yaml\"")).hasSize(30);
        assertThat(emulator().stats().batchSizes()).allMatch(size -> size <= 50);

        for (Exchange bad : List.of(badFromXml, badFromYaml)) {
            assertThat(bad.getException()).isNull();
            assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE))
                    .isEqualTo("InvalidRequestException");
        }
    }

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }
}
