package io.github.cameliotanalytics.examples.storeandforward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the application with Camel Main on its embedded emulator, with a spool in a fresh directory, the simulated
 * devices and the played outage off: the test stops the emulator itself, sends readings, and starts it again.
 */
class StoreAndForwardTest {

    private static final int DEVICES = 20;
    private static final int READINGS_PER_DEVICE = 10;

    @TempDir
    Path spoolDirectory;

    private Main main;
    private EmbeddedEmulator emulator;

    @BeforeEach
    void startApplication() throws IOException {
        main = new Main(StoreAndForwardApplication.class);
        // the rest of application.properties applies as it is
        main.addOverrideProperty("emulator.port", Integer.toString(freePort()));
        main.addOverrideProperty("spool.directory", spoolDirectory.toString());
        main.addOverrideProperty("spool.health-max-age", "1000");
        main.addOverrideProperty("readings.simulate", "false");
        main.addOverrideProperty("outage.enabled", "false");
        main.addOverrideProperty("status.enabled", "false");
        main.start();
        emulator = main.getCamelContext().getRegistry().lookupByNameAndType("emulator", EmbeddedEmulator.class);
    }

    @AfterEach
    void stopApplication() {
        main.stop();
    }

    @Test
    void readingsSentWhileTheEmulatorIsStoppedAreAllStoredOnceItIsBack() throws Exception {
        CamelContext camel = main.getCamelContext();
        ProducerTemplate template = camel.createProducerTemplate();
        emulator.stop();

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int reading = 0; reading < READINGS_PER_DEVICE; reading++) {
            for (int device = 0; device < DEVICES; device++) {
                String deviceId = "device-" + device;
                String body = "{\"deviceId\":\"" + deviceId + "\",\"reading\":" + reading + "}";
                sent.add(template.asyncSend("direct:readings", exchange -> {
                    exchange.getMessage().setHeader(IoTAnalyticsConstants.ORDER_KEY, deviceId);
                    exchange.getMessage().setBody(body);
                }));
            }
        }
        List<Exchange> exchanges = sent.stream().map(CompletableFuture::join).toList();

        // with the service away, every exchange completed once its reading was in the spool
        assertThat(exchanges).allSatisfy(exchange -> {
            assertThat(exchange.getException()).isNull();
            assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.SPOOLED)).isEqualTo(Boolean.TRUE);
        });
        assertThat(spoolMessages()).isEqualTo((long) DEVICES * READINGS_PER_DEVICE);
        // the health check is DOWN once the oldest spooled reading is older than spool.health-max-age (1 s here)
        eventually(Duration.ofSeconds(10),
                () -> health().getMessage().filter(message -> message.contains("spoolHealthMaxAge")).isPresent());
        HealthCheck.Result down = health();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry("spool.messages", (long) DEVICES * READINGS_PER_DEVICE);

        emulator.start();

        // every spooled reading reaches the channel (at least once: a duplicate would carry the same messageId)
        Set<String> messageIds = exchanges.stream()
                .map(exchange -> exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class))
                .collect(Collectors.toSet());
        assertThat(messageIds).hasSize(DEVICES * READINGS_PER_DEVICE);
        eventually(Duration.ofSeconds(20), () -> storedMessageIds().containsAll(messageIds));
        assertThat(emulator.messages()).extracting(StoredMessage::payloadAsString)
                .allMatch(payload -> payload.startsWith("{\"deviceId\":\"device-"));
        eventually(Duration.ofSeconds(10), () -> spoolMessages() == 0);
        eventually(Duration.ofSeconds(10), () -> health().getState() == HealthCheck.State.UP);
    }

    /** The producer's JMX attribute {@code SpoolMessages}: readings spooled and not yet delivered. */
    private long spoolMessages() {
        try {
            MBeanServer mbeans = main.getCamelContext().getManagementStrategy().getManagementAgent().getMBeanServer();
            Set<ObjectName> producers = mbeans.queryNames(new ObjectName("org.apache.camel:type=producers,*"), null);
            ObjectName producer = producers.stream()
                    .filter(name -> name.getKeyProperty("name").startsWith("IoTAnalyticsProducer"))
                    .findFirst().orElseThrow(() -> new AssertionError("no iotanalytics producer in " + producers));
            return (Long) mbeans.getAttribute(producer, "SpoolMessages");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The endpoint's health check (camel.health.producers-enabled=true), called directly. */
    private HealthCheck.Result health() {
        return HealthCheckRegistry.get(main.getCamelContext()).stream()
                .filter(check -> check.getId().startsWith("producer:iotanalytics"))
                .findFirst().orElseThrow(() -> new AssertionError("no health check of the iotanalytics producer"))
                .call();
    }

    private Set<String> storedMessageIds() {
        return emulator.messages().stream().map(StoredMessage::messageId).collect(Collectors.toSet());
    }

    /** Waits for the condition, checking it every 100 ms; fails when it is still false after {@code timeout}. */
    private static void eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still false after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
