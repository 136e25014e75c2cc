package io.github.cameliotanalytics.examples.springboot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorPropertyRegistrar;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application against an in-process emulator that checks the signatures with the keys of
 * {@code application.properties}. The emulator's shipped Spring wiring starts it and registers only its address;
 * every other option of the component comes from {@code application.properties}, through camel-iotanalytics-starter.
 */
@SpringBootTest(properties = "readings.simulate=false")
class ApplicationTest {

    private static final String PREFIX = "camel.component.iotanalytics.";

    @TestConfiguration(proxyBeanMethods = false)
    static class Emulator {
        @Bean
        static IoTAnalyticsEmulatorPropertyRegistrar iotAnalyticsEmulator() {
            return IoTAnalyticsEmulatorPropertyRegistrar.startEmulator(IoTAnalyticsEmulator.builder()
                            .region("eu-west-1")
                            .credentials("AKIDEXAMPLE", "emulator-secret")) // the keys of application.properties
                    .registeringOnly("uri-endpoint-override");
        }
    }

    @Autowired
    IoTAnalyticsEmulatorPropertyRegistrar emulatorWiring;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;

    @BeforeEach
    void createChannel() {
        emulator().createChannel("plant_readings");
    }

    @Test
    void theComponentOptionsComeFromApplicationProperties() throws IOException {
        Properties file = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        IoTAnalyticsConfiguration component = camel.getComponent("iotanalytics", IoTAnalyticsComponent.class)
                .getConfiguration();

        assertThat(component.getBatchSize()).isEqualTo(50).isEqualTo(intOf(file, "batch-size"));
        assertThat(component.getMaxInFlightBatches()).isEqualTo(4).isEqualTo(intOf(file, "max-in-flight-batches"));
        assertThat(component.getBatchTimeout()).isEqualTo(200).isEqualTo(intOf(file, "batch-timeout"));
        assertThat(component.isFailOnErrorEntry()).isFalse();
        assertThat(file.getProperty(PREFIX + "fail-on-error-entry")).isEqualTo("false");
        assertThat(component.getRegion()).isEqualTo("eu-west-1").isEqualTo(file.getProperty(PREFIX + "region"));
        assertThat(component.getAccessKey()).isEqualTo(file.getProperty(PREFIX + "access-key"));
        assertThat(component.getSecretKey()).isEqualTo(file.getProperty(PREFIX + "secret-key"));
        assertThat(component.isOverrideEndpoint()).isTrue();
        assertThat(file.getProperty(PREFIX + "override-endpoint")).isEqualTo("true");
        assertThat(component.getUriEndpointOverride()).isEqualTo(emulator().endpoint().toString());
        // no client bean: the component builds its own client from these options
        assertThat(component.getIotAnalyticsClient()).isNull();

        // and the endpoint of the route inherits them
        IoTAnalyticsEndpoint endpoint = camel.getEndpoints().stream()
                .filter(IoTAnalyticsEndpoint.class::isInstance).map(IoTAnalyticsEndpoint.class::cast)
                .findFirst().orElseThrow();
        assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(50);
        assertThat(endpoint.getConfiguration().getMaxInFlightBatches()).isEqualTo(4);
        assertThat(endpoint.getConfiguration().isFailOnErrorEntry()).isFalse();
    }

    @Test
    void readingsReachTheChannelSignedWithTheKeysInBatchesOfAtMostFifty() {
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String body = "{\"deviceId\":\"sensor-4\",\"n\":" + i + "}";
            sent.add(template.asyncSend("direct:readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange bad = template.send("direct:readings",
                exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-4\",\"temp-01\":21.5}"));
        sent.forEach(CompletableFuture::join);

        // the emulator accepts only calls signed with AKIDEXAMPLE / emulator-secret for eu-west-1
        assertThat(sent).allSatisfy(future -> assertThat(future.join().getException()).isNull());
        List<StoredMessage> stored = emulator().messages("plant_readings");
        assertThat(stored).hasSize(120);
        assertThat(stored).extracting(StoredMessage::payloadAsString).doesNotHaveDuplicates()
                .noneMatch(payload -> payload.contains("temp-01"));
        assertThat(emulator().stats().batchSizes()).allMatch(size -> size <= 50);

        // fail-on-error-entry=false: headers, no exception
        assertThat(bad.getException()).isNull();
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidRequestException");
    }

    private static int intOf(Properties file, String option) {
        return Integer.parseInt(file.getProperty(PREFIX + option).trim());
    }

    private IoTAnalyticsEmulator emulator() {
        return emulatorWiring.emulator();
    }
}
