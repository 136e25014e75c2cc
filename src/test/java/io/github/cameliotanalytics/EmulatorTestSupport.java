package io.github.cameliotanalytics;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Camel context whose {@code iotanalytics} component points at an in-process emulator (real SDK client, real HTTP,
 * SigV4 checked), with a channel named {@value #CHANNEL} created before each test.
 */
abstract class EmulatorTestSupport {

    static final String CHANNEL = "plant_sensors";
    static final String ACCESS_KEY = "AKIDTESTEXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder()
            .credentials(ACCESS_KEY, SECRET_KEY)
            .region("eu-west-1")
            .build();

    CamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void startCamel() throws Exception {
        emulator().createChannel(CHANNEL);
        context = new DefaultCamelContext();
        IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        IoTAnalyticsConfiguration shared = component.getConfiguration();
        shared.setRegion("eu-west-1");
        shared.setAccessKey(ACCESS_KEY);
        shared.setSecretKey(SECRET_KEY);
        shared.setOverrideEndpoint(true);
        shared.setUriEndpointOverride(emulator().endpoint().toString());
        configure(context);
        context.start();
        template = context.createProducerTemplate();
    }

    /** Adds routes or beans before the context starts. */
    void configure(CamelContext context) throws Exception {
    }

    @AfterEach
    void stopCamel() {
        if (context != null) {
            context.stop();
        }
    }

    static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }

    /** Sends one body to the endpoint and returns the completed exchange (an exception is set on it, not thrown). */
    Exchange send(String uri, Object body) {
        return template.send(uri, exchange -> exchange.getMessage().setBody(body));
    }
}
