package io.github.cameliotanalytics;

import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.batch.DeliveryListener;
import io.github.cameliotanalytics.batch.PendingMessage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Completes an exchange whose body is one message: sets the headers of its outcome and, on failure, the exception, as
 * soon as the outcome is known; the route continues ({@link AsyncCallback#done}) on a worker.
 */
final class ExchangeDelivery implements DeliveryListener, Runnable {

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final boolean failOnErrorEntry;

    ExchangeDelivery(Exchange exchange, AsyncCallback callback, boolean failOnErrorEntry) {
        this.exchange = exchange;
        this.callback = callback;
        this.failOnErrorEntry = failOnErrorEntry;
    }

    @Override
    public Runnable delivered(PendingMessage message) {
        exchange.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, message.messageId());
        return this;
    }

    @Override
    public Runnable failed(PendingMessage message, DeliveryFailure failure) {
        setOutcome(exchange, message.messageId(), failure, failOnErrorEntry);
        return this;
    }

    /** Continues the route, on a worker: the exchange is complete. */
    @Override
    public void run() {
        callback.done(false);
    }

    /** Sets the headers of a failed message on an exchange and, unless the failure is an entry error that only
     *  warrants headers, its exception. */
    static void setOutcome(Exchange exchange, String messageId, DeliveryFailure failure, boolean failOnErrorEntry) {
        Message out = exchange.getMessage();
        out.setHeader(IoTAnalyticsConstants.MESSAGE_ID, messageId);
        out.setHeader(IoTAnalyticsConstants.ERROR_CODE, failure.errorCode());
        out.setHeader(IoTAnalyticsConstants.ERROR_MESSAGE, failure.errorMessage());
        if (failOnErrorEntry || !failure.entryError()) {
            exchange.setException(new MessageNotDeliveredException(
                    "Message " + messageId + " was not delivered: " + failure.errorCode() + ": " + failure.errorMessage(),
                    exchange, messageId, failure.errorCode(), failure.errorMessage(), failure.cause()));
        }
    }
}
