package io.github.cameliotanalytics.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorExtension;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route whose URI names only the channel, and a component configured from properties alone (region, keys, the
 * emulator's endpoint, batching), sends to the emulator over HTTP with the SDK's client.
 */
@SpringBootTest(classes = { TestApplication.class, StarterEndToEndTest.Routes.class },
                properties = { "camel.component.iotanalytics.region=eu-west-1",
                               "camel.component.iotanalytics.access-key=AKIDEXAMPLE",
                               "camel.component.iotanalytics.secret-key=emulator-secret",
                               "camel.component.iotanalytics.override-endpoint=true",
                               "camel.component.iotanalytics.batch-size=10",
                               "camel.component.iotanalytics.fail-on-error-entry=false" })
class StarterEndToEndTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-west-1")
            .credentials("AKIDEXAMPLE", "emulator-secret")
            .build();

    @DynamicPropertySource
    static void emulatorEndpoint(DynamicPropertyRegistry registry) {
        registry.add("camel.component.iotanalytics.uri-endpoint-override",
                     () -> EMULATOR.emulator().endpoint().toString());
    }

    @Autowired
    ProducerTemplate template;

    @Test
    void readingsReachTheChannelInBatchesOfTheConfiguredSize() {
        IoTAnalyticsEmulator emulator = EMULATOR.emulator();
        emulator.createChannel("plant_readings");

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String body = "{\"deviceId\":\"sensor-1\",\"n\":" + i + "}";
            sent.add(template.asyncSend("direct:readings", exchange -> exchange.getMessage().setBody(body)));
        }
        Exchange bad = template.send("direct:readings",
                exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-1\",\"temp-01\":21.5}"));
        sent.forEach(CompletableFuture::join);

        assertThat(sent).allSatisfy(future -> assertThat(future.join().getException()).isNull());
        assertThat(emulator.messages("plant_readings")).hasSize(25)
                .extracting(StoredMessage::payloadAsString).doesNotHaveDuplicates();
        assertThat(emulator.stats().batchSizes()).isNotEmpty().allMatch(size -> size <= 10);
        // fail-on-error-entry=false: the rejected reading has the error headers and no exception
        assertThat(bad.getException()).isNull();
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidRequestException");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        RouteBuilder readings() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:readings").to("iotanalytics:plant_readings");
                }
            };
        }
    }
}
