package io.github.cameliotanalytics.examples.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorExtension;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The application against an in-process emulator, which the client bean is pointed at. */
@SpringBootTest(properties = "readings.simulate=false")
class ApplicationTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-west-1")
            .credentials("AKIDEXAMPLE", "emulator-secret") // the keys of application.properties
            .build();

    @DynamicPropertySource
    static void emulatorEndpoint(DynamicPropertyRegistry registry) {
        registry.add("iotanalytics.endpoint", () -> EMULATOR.emulator().endpoint().toString());
    }

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate template;
    @Autowired
    IoTAnalyticsClient clientBean;

    @BeforeEach
    void createChannel() {
        emulator().createChannel("plant_readings");
    }

    @Test
    void componentOptionsComeFromApplicationPropertiesAndTheClientFromTheBean() {
        IoTAnalyticsComponent component = camel.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        assertThat(component.getConfiguration().getBatchSize()).isEqualTo(50);
        assertThat(component.getConfiguration().getBatchTimeout()).isEqualTo(200);
        assertThat(component.getConfiguration().isFailOnErrorEntry()).isFalse();
        assertThat(component.getConfiguration().getIotAnalyticsClient()).isSameAs(clientBean);

        // and the endpoint of the route inherits them
        IoTAnalyticsEndpoint endpoint = camel.getEndpoints().stream()
                .filter(IoTAnalyticsEndpoint.class::isInstance).map(IoTAnalyticsEndpoint.class::cast)
                .findFirst().orElseThrow();
        assertThat(endpoint.getConfiguration().getBatchSize()).isEqualTo(50);
        assertThat(endpoint.getClient()).isSameAs(clientBean);
    }

    @Test
    void readingsReachTheChannelInBatchesOfAtMostFifty() {
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String body = "{\"deviceId\":\"sensor-4\",\"n\":" + i + "}";
            sent.add(template.asyncSend("direct:readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange bad = template.send("direct:readings",
                exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-4\",\"temp-01\":21.5}"));
        sent.forEach(CompletableFuture::join);

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

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }
}
