package io.github.cameliotanalytics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.emulator.Fault;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Store and forward over real HTTP: exchanges complete once spooled, while the service is away too; the forwarder
 * delivers the spool when it returns, and a new context on the same directory resumes where the last one stopped;
 * refused messages go to the dead letters; a full spool rejects, or drops its oldest messages.
 */
class StoreAndForwardTest extends EmulatorTestSupport {

    @TempDir
    Path spool;
    /** What reached the deadLetterUri {@code direct:dead}. */
    private final ConcurrentLinkedQueue<Exchange> deadLetters = new ConcurrentLinkedQueue<>();

    @Override
    void configure(CamelContext context) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dead").process(deadLetters::add);
            }
        });
    }

    private String uri(String options) {
        return "iotanalytics:" + CHANNEL + "?batchTimeout=10&deliveryTimeout=500&spoolMaxRetryDelay=1000&spoolDirectory="
               + spool + options;
    }

    private IoTAnalyticsEndpoint endpoint(String uri) {
        return context.getEndpoint(uri, IoTAnalyticsEndpoint.class);
    }

    private static Set<String> ids(List<Exchange> exchanges) {
        return exchanges.stream()
                .map(e -> e.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class))
                .collect(Collectors.toSet());
    }

    private static Set<String> storedIds() {
        return emulator().messages(CHANNEL).stream().map(StoredMessage::messageId).collect(Collectors.toSet());
    }

    @Test
    void exchangesCompleteOnceSpooledWhileTheServiceIsAwayAndTheirMessagesAreStoredWhenItReturns() throws Exception {
        emulator().faults().serviceUnavailableRate(1.0);
        String uri = uri("");

        List<Exchange> exchanges = completed(sendReadings(uri, 50));

        assertThat(exchanges).allSatisfy(e -> {
            assertThat(e.getException()).isNull();
            assertThat(e.getMessage().getHeader(IoTAnalyticsConstants.SPOOLED, Boolean.class)).isTrue();
        });
        assertThat(emulator().messages(CHANNEL)).isEmpty();
        assertThat(endpoint(uri).getSpoolStatus().spool().records()).isEqualTo(50);

        emulator().faults().reset();

        await().atMost(Duration.ofSeconds(30)).until(() -> storedIds().containsAll(ids(exchanges)));
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint(uri).getSpoolStatus().spool().records() == 0);
        assertThat(endpoint(uri).getSpoolStatus().forwardedMessages()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void theMessagesOfOneOrderKeyAreStoredInTheOrderTheyWereSpooledThroughThrottling() throws Exception {
        emulator().faults().serviceUnavailableRate(1.0);
        String uri = uri("");
        int devices = 5;
        int readings = 60;
        List<Thread> senders = new ArrayList<>();
        ConcurrentLinkedQueue<Exchange> failed = new ConcurrentLinkedQueue<>();
        for (int d = 0; d < devices; d++) {
            String device = "device-" + d;
            Thread sender = new Thread(() -> {
                for (int n = 0; n < readings; n++) {
                    String body = "{\"device\":\"" + device + "\",\"n\":" + n + "}";
                    Exchange done = template.send(uri, e -> {
                        e.getMessage().setHeader(IoTAnalyticsConstants.ORDER_KEY, device);
                        e.getMessage().setBody(body);
                    });
                    if (done.getException() != null) {
                        failed.add(done);
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(30_000);
        }
        assertThat(failed).isEmpty();

        // a third of the calls throttled: their messages are sent again, before the newer ones of their key
        emulator().faults().reset().throttleRate(0.3).script(Fault.THROTTLE, Fault.OK, Fault.THROTTLE);
        await().atMost(Duration.ofSeconds(60)).until(() -> emulator().messages(CHANNEL).size() >= devices * readings);

        java.util.Map<String, List<Integer>> byDevice = new java.util.TreeMap<>();
        for (StoredMessage stored : emulator().messages(CHANNEL)) {
            String json = new String(stored.payload(), StandardCharsets.UTF_8);
            String device = json.replaceAll(".*\"device\":\"([^\"]+)\".*", "$1");
            int n = Integer.parseInt(json.replaceAll(".*\"n\":(\\d+).*", "$1"));
            byDevice.computeIfAbsent(device, k -> new ArrayList<>()).add(n);
        }
        assertThat(byDevice).hasSize(devices);
        assertThat(byDevice.values()).allSatisfy(ns -> assertThat(ns).isSorted().hasSize(readings));
        assertThat(emulator().stats().injectedFaults().getOrDefault(Fault.THROTTLE, 0L)).isPositive();
    }

    @Test
    void aNewContextOnTheSameDirectoryDeliversWhatTheLastOneLeftWithTheSameMessageIds() throws Exception {
        emulator().faults().serviceUnavailableRate(1.0);
        List<Exchange> exchanges = completed(sendReadings(uri(""), 30));
        assertThat(exchanges).allSatisfy(e -> assertThat(e.getException()).isNull());
        context.stop();
        assertThat(emulator().messages(CHANNEL)).isEmpty();

        emulator().faults().reset();
        context = new DefaultCamelContext();
        IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        component.getConfiguration().setRegion("eu-west-1");
        component.getConfiguration().setAccessKey(ACCESS_KEY);
        component.getConfiguration().setSecretKey(SECRET_KEY);
        component.getConfiguration().setOverrideEndpoint(true);
        component.getConfiguration().setUriEndpointOverride(emulator().endpoint().toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a producer of the endpoint starts its engine, and with it the forwarder
                from("direct:unused").to(uri(""));
            }
        });
        context.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> storedIds().containsAll(ids(exchanges)));
    }

    @Test
    void aMessageTheServiceRefusesGoesToTheDeadLetterFileAndTheDeadLetterUri() throws Exception {
        emulator().faults().entryFailureRate(1.0).entryErrorCode("InvalidRequestException");
        String uri = uri("&deadLetterUri=direct:dead");

        List<Exchange> exchanges = completed(sendReadings(uri, 3));

        assertThat(exchanges).allSatisfy(e -> assertThat(e.getException()).isNull());
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() == 3);
        assertThat(ids(List.copyOf(deadLetters))).isEqualTo(ids(exchanges));
        assertThat(deadLetters).allSatisfy(e -> assertThat(
                e.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidRequestException"));
        List<String> lines = Files.readAllLines(spool.resolve(DeadLetters.FILE_NAME), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).contains("\"InvalidRequestException\""));
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint(uri).getSpoolStatus().spool().records() == 0);
        assertThat(endpoint(uri).getSpoolStatus().deadLetters()).isEqualTo(3);
    }

    @Test
    void aMessageOlderThanSpoolRetentionGoesToTheDeadLetters() throws Exception {
        emulator().faults().serviceUnavailableRate(1.0);
        String uri = uri("&spoolRetention=400");

        List<Exchange> exchanges = completed(sendReadings(uri, 2));

        assertThat(exchanges).allSatisfy(e -> assertThat(e.getException()).isNull());
        // the first attempt fails at deliveryTimeout (500 ms), the forwarder pauses 1 s: then both are past retention
        await().atMost(Duration.ofSeconds(20)).until(() -> endpoint(uri).getSpoolStatus().deadLetters() == 2);
        assertThat(Files.readString(spool.resolve(DeadLetters.FILE_NAME)))
                .contains(SpoolForwarder.RETENTION_EXPIRED);
        assertThat(emulator().messages(CHANNEL)).isEmpty();
    }

    @Test
    void aFullSpoolThatRejectsFailsTheNewExchangesWithSpoolFullAndLosesNoneItTook() throws Exception {
        emulator().faults().serviceUnavailableRate(1.0);
        String uri = uri("&spoolMaxBytes=524288");
        String payload = "{\"pad\":\"" + "x".repeat(10_000) + "\"}";

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            sent.add(template.asyncSend(uri, e -> e.getMessage().setBody(payload)));
        }
        List<Exchange> exchanges = completed(sent);

        List<Exchange> refused = exchanges.stream().filter(e -> e.getException() != null).toList();
        List<Exchange> spooled = exchanges.stream().filter(e -> e.getException() == null).toList();
        assertThat(refused).isNotEmpty().allSatisfy(e -> assertThat(
                e.getException(MessageNotDeliveredException.class).getErrorCode()).isEqualTo(SpoolAppender.SPOOL_FULL));
        assertThat(spooled).isNotEmpty();

        emulator().faults().reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> storedIds().containsAll(ids(spooled)));
        assertThat(storedIds()).doesNotContainAnyElementsOf(ids(refused));
    }

    @Test
    void aFullSpoolThatDropsTheOldestCountsWhatItDroppedAndLosesNothingElse() throws Exception {
        emulator().faults().serviceUnavailableRate(1.0);
        // 2 MB through a spool of 512 KB; the forwarder and the engine hold some in memory, which may still be
        // delivered once dropped from the spool
        String uri = uri("&spoolMaxBytes=524288&spoolFullStrategy=dropOldest&maxPendingMessages=10");
        String payload = "{\"pad\":\"" + "x".repeat(10_000) + "\"}";

        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(template.asyncSend(uri, e -> e.getMessage().setBody(payload)));
        }
        List<Exchange> exchanges = completed(sent);
        assertThat(exchanges).allSatisfy(e -> assertThat(e.getException()).isNull());
        long dropped = endpoint(uri).getSpoolStatus().spool().droppedRecords();
        assertThat(dropped).isPositive();

        emulator().faults().reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> endpoint(uri).getSpoolStatus().spool().records() == 0);
        // what was not dropped is stored: at most the dropped ones are missing
        Set<String> stored = storedIds();
        long missing = ids(exchanges).stream().filter(id -> !stored.contains(id)).count();
        assertThat(missing).isPositive().isLessThanOrEqualTo(dropped);
    }
}
