package io.github.cameliotanalytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchAggregationTest extends EmulatorTestSupport {

    @Test
    void exchangesFromSixteenThreadsAreSentInFullBatches() throws Exception {
        // a long batchTimeout: a batch leaves only when it is full, so the batch sizes do not depend on timing
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=5000";
        int threads = 16;
        int perThread = 1000 / threads + 1;
        int total = 1000;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        List<Future<List<CompletableFuture<Exchange>>>> perSender = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            perSender.add(senders.submit(() -> {
                List<CompletableFuture<Exchange>> sent = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    int n = thread * perThread + i;
                    if (n < total) {
                        sent.add(template.asyncSend(uri, e -> e.getMessage().setBody("{\"temp_01\":" + n + "}")));
                    }
                }
                return sent;
            }));
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (Future<List<CompletableFuture<Exchange>>> f : perSender) {
            for (CompletableFuture<Exchange> exchange : f.get(30, TimeUnit.SECONDS)) {
                exchanges.add(exchange.get(30, TimeUnit.SECONDS));
            }
        }
        senders.shutdownNow();

        assertThat(exchanges).hasSize(1000);
        Set<String> ids = new HashSet<>();
        for (Exchange exchange : exchanges) {
            assertThat(exchange.getException()).isNull();
            ids.add(exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class));
        }
        assertThat(ids).hasSize(1000).doesNotContainNull();
        assertThat(emulator().stats().batchSizes()).hasSize(10).allMatch(size -> size >= 90);
        List<StoredMessage> stored = emulator().messages(CHANNEL);
        assertThat(stored).extracting(StoredMessage::messageId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void partialBatchLeavesAfterBatchTimeout() {
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=20", "{\"temp_01\":1}");

        assertThat(exchange.getException()).isNull();
        assertThat(emulator().stats().batchSizes()).containsExactly(1);
    }

    @Test
    void batchSizeOptionCapsTheBatches() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=25&batchTimeout=5000";
        assertThat(completed(sendReadings(uri, 100))).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(emulator().stats().batchSizes()).containsExactly(25, 25, 25, 25);
    }

    @Test
    void repeatedMessageIdWaitsForALaterBatch() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=3&batchTimeout=200";
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (String id : List.of("a", "a", "b", "c")) {
            sent.add(template.asyncSend(uri, e -> {
                e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, id);
                e.getMessage().setBody("{\"id\":\"" + id + "\"}");
            }));
        }
        for (CompletableFuture<Exchange> exchange : sent) {
            assertThat(exchange.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        // the emulator rejects a call with a repeated id as a whole: both "a" went through, in different calls
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrder("a", "a", "b", "c");
        assertThat(emulator().stats().batchSizes()).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(size -> size <= 3);
    }

    @Test
    void sedaConsumersHandOverWithoutWaitingSoTheirMessagesShareBatches() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:telemetry?concurrentConsumers=4")
                        .to("iotanalytics:" + CHANNEL + "?batchTimeout=1000");
            }
        });
        for (int i = 0; i < 400; i++) {
            template.sendBody("seda:telemetry", "{\"n\":" + i + "}");
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> emulator().messages(CHANNEL).size() == 400);
        // four consumers that waited for their exchanges would make batches of at most four
        assertThat(emulator().stats().batchSizes()).contains(100);
    }

    @Test
    void theRouteContinuesOnTheEndpointsWorkerPoolNotOnACallThread() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> thread = new java.util.concurrent.atomic.AtomicReference<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:threads")
                        .to("iotanalytics:" + CHANNEL + "?batchTimeout=10")
                        .process(e -> thread.set(Thread.currentThread().getName()));
            }
        });

        template.sendBody("direct:threads", "{\"a\":1}");

        assertThat(thread.get()).contains("IoTAnalytics[" + CHANNEL + "]Worker");
    }

    @Test
    void theCallsOfTheBatchesCarryNoTimer() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=10&batchTimeout=5000";
        emulator().faults().latency(Duration.ofMillis(300));
        IoTAnalyticsEndpoint endpoint = context.getEndpoint(uri, IoTAnalyticsEndpoint.class);
        List<CompletableFuture<Exchange>> sent = sendReadings(uri, 300);
        ScheduledThreadPoolExecutor timers
                = ((SizedScheduledExecutorService) endpoint.ownClientTimers()).getScheduledThreadPoolExecutor();

        // while calls are in flight, no timer waits for them: the sender loop ends a call at its requestTimeout
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.getStatistics().inFlightBatches() > 0);
        assertThat(timers.getQueue()).isEmpty();
        assertThat(completed(sent)).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(emulator().stats().batchSizes()).hasSize(30);
    }
}
