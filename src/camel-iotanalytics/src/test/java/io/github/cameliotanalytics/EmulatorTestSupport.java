package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    /** Sends {@code count} JSON readings {@code {"n":i}} without waiting for each; the futures give the exchanges. */
    List<CompletableFuture<Exchange>> sendReadings(String uri, int count) {
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"n\":" + i + "}";
            sent.add(template.asyncSend(uri, e -> e.getMessage().setBody(body)));
        }
        return sent;
    }

    /** Waits, at most 60 seconds, for each exchange to complete. */
    static List<Exchange> completed(List<CompletableFuture<Exchange>> futures) throws Exception {
        List<Exchange> done = new ArrayList<>();
        for (CompletableFuture<Exchange> future : futures) {
            done.add(future.get(60, TimeUnit.SECONDS));
        }
        return done;
    }

    /** Sends one body to the endpoint and returns the completed exchange (an exception is set on it, not thrown). */
    Exchange send(String uri, Object body) {
        return template.send(uri, exchange -> exchange.getMessage().setBody(body));
    }
}
