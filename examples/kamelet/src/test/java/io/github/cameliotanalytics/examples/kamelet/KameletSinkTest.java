package io.github.cameliotanalytics.examples.kamelet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.MessageNotDeliveredException;
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

/**
 * Runs the YAML route and the aws-iotanalytics-sink Kamelet, which the camel-iotanalytics jar ships, with Camel Main,
 * pointed at an in-process emulator.
 */
class KameletSinkTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-west-1")
            .credentials("AKIDEXAMPLE", "emulator-secret") // the keys of application.properties
            .build();

    private static final String KAMELET = "kamelets/aws-iotanalytics-sink.kamelet.yaml";

    private Main main;

    @BeforeEach
    void startApplication() {
        emulator().createChannel("plant_readings");
        main = new Main();
        main.addOverrideProperty("camel.kamelet.aws-iotanalytics-sink.uriEndpointOverride",
                emulator().endpoint().toString());
        main.addOverrideProperty("readings.simulate", "false");
        main.start();
    }

    @AfterEach
    void stopApplication() {
        main.stop();
    }

    @Test
    void theKameletIsTheOneOfTheComponentJar() throws IOException {
        List<URL> kamelets = Collections.list(getClass().getClassLoader().getResources(KAMELET));
        assertThat(kamelets).singleElement().asString()
                .startsWith("jar:").contains("/camel-iotanalytics-1.0.0-SNAPSHOT.jar!/" + KAMELET);
    }

    @Test
    void theKameletNamesTheVersionOfItsComponentJarAmongItsDependencies() throws IOException {
        Properties componentPom = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                "META-INF/maven/io.github.cameliotanalytics/camel-iotanalytics/pom.properties")) {
            componentPom.load(in);
        }
        String kamelet;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(KAMELET)) {
            kamelet = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(kamelet)
                .contains("\"mvn:io.github.cameliotanalytics:camel-iotanalytics:" + componentPom.getProperty("version") + "\"")
                .doesNotContain("${");
    }

    @Test
    void theKameletSendsReadingsToTheChannel() {
        CamelContext camel = main.getCamelContext();
        ProducerTemplate template = camel.createProducerTemplate();

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String body = "{\"deviceId\":\"sensor-3\",\"n\":" + i + "}";
            sent.add(template.asyncSend("direct:readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange bad = template.send("direct:readings",
                exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-3\",\"temp-01\":21.5}"));
        sent.forEach(CompletableFuture::join);

        // the Kamelet built its endpoint from the URI (channel, batchSize=25) and from application.properties
        IoTAnalyticsEndpoint endpoint = camel.getEndpoints().stream()
                .filter(IoTAnalyticsEndpoint.class::isInstance).map(IoTAnalyticsEndpoint.class::cast)
                .findFirst().orElseThrow();
        assertThat(endpoint.getConfiguration().getChannelName()).isEqualTo("plant_readings");
        assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(25);
        assertThat(endpoint.getConfiguration().getRegion()).isEqualTo("eu-west-1");

        assertThat(sent).allSatisfy(future -> assertThat(future.join().getException()).isNull());
        List<StoredMessage> stored = emulator().messages("plant_readings");
        assertThat(stored).hasSize(60);
        assertThat(stored).extracting(StoredMessage::payloadAsString).doesNotHaveDuplicates()
                .noneMatch(payload -> payload.contains("temp-01"));
        assertThat(emulator().stats().batchSizes()).allMatch(size -> size <= 25);

        // failOnErrorEntry defaults to true in the Kamelet: the rejected reading fails its exchange
        assertThat(bad.getException()).isInstanceOfSatisfying(MessageNotDeliveredException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("InvalidRequestException"));
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_MESSAGE, String.class)).contains("temp-01");
    }

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }
}
