package io.github.cameliotanalytics.examples.storeandforward;

import java.util.Locale;
import java.util.Objects;

import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.SpoolStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * Puts one line in the body: whether the emulator listens, what the spool holds, what the forwarder delivered, and the
 * endpoint's health check. The same figures are in JMX (the producer's {@code Spool*} attributes) and in the dev
 * console.
 */
final class SpoolStatusLine implements Processor {

    private final EmbeddedEmulator emulator;

    SpoolStatusLine(EmbeddedEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void process(Exchange exchange) {
        CamelContext camel = exchange.getContext();
        SpoolStatus spool = camel.getEndpoints().stream()
                .filter(IoTAnalyticsEndpoint.class::isInstance).map(IoTAnalyticsEndpoint.class::cast)
                .map(IoTAnalyticsEndpoint::getSpoolStatus)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
        if (spool == null) {
            exchange.getMessage().setBody("the spool is not open");
            return;
        }
        String health = HealthCheckRegistry.get(camel).stream()
                .filter(check -> check.getId().startsWith("producer:iotanalytics"))
                .findFirst().map(check -> check.call().getState().name()).orElse("not checked");
        exchange.getMessage().setBody(String.format(Locale.ROOT,
                "emulator %-4s | spool: %,d messages, %,d KiB, oldest %,d ms | forwarded %,d (%.0f/s), held %,d,"
                + " dead letters %,d | health %s",
                emulator.isRunning() ? "up" : "down", spool.spool().records(), spool.spool().bytes() / 1024,
                spool.oldestMessageAgeMillis(), spool.forwardedMessages(), spool.forwardRate(),
                spool.heldMessages(), spool.deadLetters(), health));
    }
}
