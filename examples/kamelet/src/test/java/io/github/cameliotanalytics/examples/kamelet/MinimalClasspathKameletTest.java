package io.github.cameliotanalytics.examples.kamelet;

import java.util.List;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorExtension;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped Kamelet with no more than it needs: surefire's {@code minimal-classpath} execution runs this test
 * without camel-main, camel-direct and camel-timer, so the classpath has camel-iotanalytics, camel-kamelet and
 * camel-yaml-dsl (and what they depend on). A plain CamelContext sends to the Kamelet's URI directly.
 */
class MinimalClasspathKameletTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .region("eu-west-1")
            .credentials("AKIDEXAMPLE", "emulator-secret")
            .build();

    @Test
    void theClasspathHasNoOtherCamelComponentNorCamelMain() {
        for (String absent : List.of("org.apache.camel.main.Main", "org.apache.camel.component.direct.DirectComponent",
                                     "org.apache.camel.component.timer.TimerComponent")) {
            assertThatThrownBy(() -> Class.forName(absent)).as(absent).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aMessageSentToTheKameletReachesTheChannel() throws Exception {
        IoTAnalyticsEmulator emulator = EMULATOR.emulator();
        emulator.createChannel("plant_readings");
        String kamelet = "kamelet:aws-iotanalytics-sink?channel=plant_readings&region=eu-west-1"
                         + "&accessKey=RAW(AKIDEXAMPLE)&secretKey=RAW(emulator-secret)"
                         + "&overrideEndpoint=true&uriEndpointOverride=" + emulator.endpoint();

        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange sent = template.send(kamelet,
                    exchange -> exchange.getMessage().setBody("{\"deviceId\":\"sensor-9\",\"temperature\":21.5}"));

            assertThat(sent.getException()).isNull();
        }
        assertThat(emulator.messages("plant_readings")).singleElement()
                .extracting(StoredMessage::payloadAsString).asString().contains("sensor-9");
    }
}
