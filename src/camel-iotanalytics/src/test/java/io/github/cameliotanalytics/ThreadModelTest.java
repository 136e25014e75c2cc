package io.github.cameliotanalytics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.emulator.Fault;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads of the producer over real HTTP: what a stop leaves behind, what the sender loop costs while a call
 * outlives its deadlines, and a list body read no faster than the buffer takes it.
 */
class ThreadModelTest extends EmulatorTestSupport {

    /**
     * The threads of this test's context that the component and its client start (all of them are named by Camel
     * after the channel), and the JDK's timer of {@code orTimeout}, which no thread of the component may start.
     */
    private Set<String> componentThreads() {
        String camelThread = "Camel (" + context.getName() + ") ";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(camelThread) && name.contains("IoTAnalytics[")
                                || name.contains("CompletableFutureDelayScheduler"))
                .collect(Collectors.toSet());
    }

    /** The threads of the component once it stopped: they end on their own within a second, if not at once. */
    private void assertNoComponentThreadLeft() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(1)).untilAsserted(
                () -> assertThat(componentThreads()).isEmpty());
    }

    @Test
    void aStoppedContextLeavesNoThreadOfTheComponentTheClientOrTheJdkTimers() throws Exception {
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", "{\"a\":1}");
        assertThat(exchange.getException()).isNull();
        assertThat(componentThreads()).anyMatch(name -> name.contains("]Response"))
                .anyMatch(name -> name.contains("]IO")).anyMatch(name -> name.contains("]Sender"));

        context.stop();

        assertNoComponentThreadLeft();
    }

    @Test
    void aStopWithAHungServiceEndsWithinCamelsShutdownTimeout() throws Exception {
        context.getShutdownStrategy().setTimeout(1);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        emulator().faults().hangDuration(Duration.ofSeconds(30)).script(Fault.HANG);
        var sent = sendReadings("iotanalytics:" + CHANNEL + "?batchTimeout=10&shutdownTimeout=20000", 1);
        IoTAnalyticsEndpoint endpoint = context.getEndpoint("iotanalytics:" + CHANNEL
                                                            + "?batchTimeout=10&shutdownTimeout=20000",
                IoTAnalyticsEndpoint.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> endpoint.getStatistics().inFlightBatches() == 1);

        long start = System.nanoTime();
        context.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // shutdownTimeout (20 s) gives way to Camel's own (1 s): the exchange fails as stopped, not 20 s later
        Exchange exchange = completed(sent).get(0);
        assertThat(exchange.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo(DeliveryFailure.PRODUCER_STOPPED);
        assertThat(stopMillis).as("stop took %d ms", stopMillis).isLessThan(20_000);
        assertNoComponentThreadLeft();
    }

    @Test
    void theSenderLoopSleepsWhileACallOutlivesItsMessagesDeadlines() throws Exception {
        emulator().faults().hangDuration(Duration.ofSeconds(4)).script(Fault.HANG);
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=10&deliveryTimeout=400&requestTimeout=3000";
        var sent = sendReadings(uri, 1);
        Exchange exchange = completed(sent).get(0);
        assertThat(exchange.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo(DeliveryFailure.DELIVERY_TIMEOUT);
        Thread sender = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("IoTAnalytics[" + CHANNEL + "]Sender")).findFirst().orElseThrow();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getThreadCpuTime(sender.getId());

        // the call is still in flight for about 2.5 s more: the loop sleeps until its requestTimeout
        Thread.sleep(1500);

        long cpuMillis = TimeUnit.NANOSECONDS.toMillis(threads.getThreadCpuTime(sender.getId()) - cpuBefore);
        assertThat(context.getEndpoint(uri, IoTAnalyticsEndpoint.class).getStatistics().inFlightBatches()).isEqualTo(1);
        assertThat(cpuMillis).as("sender CPU over 1.5 s").isLessThan(50);
    }

    @Test
    void aLazyListIsReadNoFasterThanTheBufferTakesItsElements() {
        int size = 10_000;
        int elements = 400;
        long maxPendingBytes = 200_000;
        AtomicLong mostHeld = new AtomicLong();
        AtomicInteger created = new AtomicInteger();
        Iterable<String> lazy = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return created.get() < elements;
            }

            @Override
            public String next() {
                // what was made but is not stored yet is what the producer holds (or what is on the wire)
                mostHeld.accumulateAndGet(created.get() - emulator().messages(CHANNEL).size(), Math::max);
                created.incrementAndGet();
                return "{\"pad\":\"" + "x".repeat(size - 10) + "\"}";
            }
        };

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10&batchSize=5&maxPendingBytes="
                                 + maxPendingBytes, lazy);

        assertThat(exchange.getException()).isNull();
        assertThat(emulator().messages(CHANNEL)).hasSize(elements);
        // the buffer's bytes (in it and in flight), and the one element waiting for room
        assertThat(mostHeld.get()).isLessThanOrEqualTo(maxPendingBytes / size + 1);
    }

    @Test
    void aListWhoseIteratorFailsGivesItsExchangeAnOutcomeAndSendsWhatWasRead() {
        Iterable<String> failing = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (next == 3) {
                    throw new OutOfMemoryError("made up by the test");
                }
                if (next > 3) {
                    throw new NoSuchElementException();
                }
                return "{\"n\":" + next++ + "}";
            }
        };

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", failing);

        assertThat(exchange.getException(MessageNotDeliveredException.class))
                .hasMessageContaining("could not be read past element 3").hasMessageContaining("OutOfMemoryError");
        assertThat(emulator().messages(CHANNEL)).hasSize(3);
        assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class)).hasSize(1);
    }

    @Test
    void aContextStopWhileSendersGoOnGivesEveryExchangeAnOutcome() throws Exception {
        emulator().faults().throttleRate(0.1).serviceUnavailableRate(0.05).dropConnectionRate(0.01)
                .entryFailureRate(0.02);
        context.getShutdownStrategy().setTimeout(1);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        org.apache.camel.Endpoint endpoint = context.getEndpoint("iotanalytics:" + CHANNEL);
        template.setThreadedAsyncMode(false);
        int senders = 16;
        int each = 10_000;
        java.util.concurrent.ConcurrentLinkedQueue<java.util.concurrent.CompletableFuture<Exchange>> sent
                = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger handedOver = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    Exchange exchange = endpoint.createExchange();
                    exchange.getMessage().setBody("{\"n\":" + i + "}");
                    handedOver.incrementAndGet();
                    try {
                        sent.add(template.asyncSend(endpoint, exchange));
                    } catch (RuntimeException e) {
                        refused.incrementAndGet();
                    }
                }
            });
            threads.add(sender);
            sender.start();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> handedOver.get() >= 5_000);

        context.stop();
        for (Thread sender : threads) {
            sender.join(TimeUnit.MINUTES.toMillis(1));
        }

        long hung = sent.stream().filter(future -> {
            try {
                future.get(30, TimeUnit.SECONDS);
                return false;
            } catch (Exception e) {
                return !(e instanceof java.util.concurrent.ExecutionException);
            }
        }).count();
        assertThat(hung).as("of %d handed over, %d refused", handedOver.get(), refused.get()).isZero();
        assertThat(sent).hasSizeGreaterThan(5_000);
    }
}
