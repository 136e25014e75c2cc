package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.batch.DeliveryListener;
import io.github.cameliotanalytics.batch.PendingMessage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;

/**
 * Completes an exchange whose body is a list of messages once every message has its outcome: the failed ones are
 * listed in the {@code CamelIoTAnalyticsErrorEntries} header. When the list holds exchanges (grouped exchanges), each
 * inner exchange also gets the headers of its own message. The outer exchange's outcome is set when the last message's
 * outcome is known; its route continues on a worker.
 */
final class CollectionDelivery {

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final boolean failOnErrorEntry;
    private final Queue<Failed> failures = new ConcurrentLinkedQueue<>();
    /** Messages without an outcome, plus one until every message was submitted. */
    private final AtomicInteger remaining = new AtomicInteger(1);

    private record Failed(String messageId, DeliveryFailure failure) {
    }

    CollectionDelivery(Exchange exchange, AsyncCallback callback, boolean failOnErrorEntry) {
        this.exchange = exchange;
        this.callback = callback;
        this.failOnErrorEntry = failOnErrorEntry;
    }

    /** A listener for the next message of the list; {@code inner} is its exchange when the list holds exchanges. */
    DeliveryListener element(Exchange inner) {
        remaining.incrementAndGet();
        return new DeliveryListener() {
            @Override
            public Runnable delivered(PendingMessage message) {
                if (inner != null) {
                    inner.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, message.messageId());
                }
                return countDown();
            }

            @Override
            public Runnable failed(PendingMessage message, DeliveryFailure failure) {
                if (inner != null) {
                    ExchangeDelivery.setOutcome(inner, message.messageId(), failure, failOnErrorEntry);
                }
                failures.add(new Failed(message.messageId(), failure));
                return countDown();
            }
        };
    }

    /**
     * Says that every message of the list was submitted; returns what completes the exchange if every message already
     * has its outcome, else {@code null} (the last outcome returns it).
     */
    Runnable allSubmitted() {
        return countDown();
    }

    private Runnable countDown() {
        if (remaining.decrementAndGet() == 0) {
            setOutcome();
            return () -> callback.done(false);
        }
        return null;
    }

    private void setOutcome() {
        List<BatchPutMessageErrorEntry> entries = new ArrayList<>(failures.size());
        boolean fail = false;
        for (Failed failed : failures) {
            entries.add(BatchPutMessageErrorEntry.builder()
                    .messageId(failed.messageId())
                    .errorCode(failed.failure().errorCode())
                    .errorMessage(failed.failure().errorMessage())
                    .build());
            fail |= failOnErrorEntry || !failed.failure().entryError();
        }
        exchange.getMessage().setHeader(IoTAnalyticsConstants.ERROR_ENTRIES, entries);
        if (fail) {
            Failed first = failures.peek();
            exchange.setException(new MessageNotDeliveredException(
                    entries.size() + " message(s) of the list were not delivered; first: " + first.messageId() + ": "
                                                                   + first.failure().errorCode() + ": "
                                                                   + first.failure().errorMessage(),
                    exchange, first.messageId(), first.failure().errorCode(), first.failure().errorMessage(),
                    first.failure().cause()));
        }
    }
}
