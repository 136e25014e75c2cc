package io.github.cameliotanalytics.examples.quarkus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorTestResource;
import io.github.cameliotanalytics.emulator.StoredMessage;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(value = IoTAnalyticsEmulatorTestResource.class, initArgs = {
        // the region and keys of application.properties: the emulator checks signatures with them
        @ResourceArg(name = "region", value = "eu-west-1"),
        @ResourceArg(name = "access-key", value = "AKIDEXAMPLE"),
        @ResourceArg(name = "secret-key", value = "emulator-secret"),
        @ResourceArg(name = "channels", value = "plant_readings"),
        // only the emulator's address overrides application.properties
        @ResourceArg(name = "properties", value = "uri-endpoint-override") })
class ReadingsRouteTest {

    /** The running emulator, injected by its test resource. */
    IoTAnalyticsEmulator emulator;
    @Inject
    CamelContext camel;
    @Inject
    ProducerTemplate template;

    @Test
    void readingsReachTheChannel() {
        // camel.component.iotanalytics.* of application.properties applied
        IoTAnalyticsComponent component = camel.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        assertThat(component.getConfiguration().getBatchSize()).isEqualTo(50);
        assertThat(component.getConfiguration().isFailOnErrorEntry()).isFalse();

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String body = "{\"deviceId\":\"sensor-5\",\"n\":" + i + "}";
            sent.add(template.asyncSend("direct:readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange bad = template.send("direct:readings",
                exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-5\",\"temp-01\":21.5}"));
        sent.forEach(CompletableFuture::join);

        assertThat(sent).allSatisfy(future -> assertThat(future.join().getException()).isNull());
        List<StoredMessage> stored = emulator.messages("plant_readings");
        assertThat(stored).hasSize(120);
        assertThat(stored).extracting(StoredMessage::payloadAsString).doesNotHaveDuplicates()
                .noneMatch(payload -> payload.contains("temp-01"));
        assertThat(emulator.stats().batchSizes()).allMatch(size -> size <= 50);

        assertThat(bad.getException()).isNull();
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidRequestException");
    }
}
