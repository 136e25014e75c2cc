package io.github.cameliotanalytics.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.UuidGenerator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * The processor of the {@code aggregator} case: sends one group of bodies (a {@code GroupedBodyAggregationStrategy}
 * list) with one BatchPutMessage call, each body with a new messageId. The exchanges that carried the bodies have
 * completed already, so what became of each message is known only here: it counts them for the benchmark.
 */
final class GroupSender implements Processor {

    private final IoTAnalyticsClient client;
    private final UuidGenerator ids;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong checksum = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile long expected;
    private volatile CountDownLatch all = new CountDownLatch(0);

    GroupSender(IoTAnalyticsClient client, UuidGenerator ids) {
        this.client = client;
        this.ids = ids;
    }

    /** Starts counting a run of {@code messages} messages. */
    void reset(long messages) {
        delivered.set(0);
        failed.set(0);
        checksum.set(0);
        firstError.set(null);
        expected = messages;
        all = new CountDownLatch(1);
    }

    @Override
    public void process(Exchange exchange) {
        List<?> bodies = exchange.getMessage().getBody(List.class);
        List<Message> messages = new ArrayList<>(bodies.size());
        for (Object body : bodies) {
            messages.add(Message.builder().messageId(ids.generateUuid())
                    .payload(SdkBytes.fromUtf8String((String) body)).build());
        }
        long sent = 0;
        long sum = 0;
        try {
            BatchPutMessageResponse response = client.batchPutMessage(
                    BatchPutMessageRequest.builder().channelName(Rig.CHANNEL).messages(messages).build());
            for (Message message : messages) {
                sum += Ids.hash(message.messageId());
            }
            for (BatchPutMessageErrorEntry rejected : response.batchPutMessageErrorEntries()) {
                sum -= Ids.hash(rejected.messageId());
                firstError.compareAndSet(null, rejected.errorCode() + ": " + rejected.errorMessage());
            }
            sent = messages.size() - response.batchPutMessageErrorEntries().size();
        } catch (Throwable e) {
            firstError.compareAndSet(null, e.toString());
            throw e;
        } finally {
            checksum.addAndGet(sum);
            failed.addAndGet(messages.size() - sent);
            if (delivered.addAndGet(sent) + failed.get() >= expected) {
                all.countDown();
            }
        }
    }

    /** Waits up to {@code nanos} for every message of the run to be sent or to fail; returns how many are neither. */
    long await(long nanos) throws InterruptedException {
        all.await(nanos, TimeUnit.NANOSECONDS);
        return expected - delivered.get() - failed.get();
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long checksum() {
        return checksum.get();
    }

    String firstError() {
        return firstError.get();
    }
}
