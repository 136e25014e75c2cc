package io.github.cameliotanalytics;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;

/**
 * Set on an exchange whose message was not delivered to the channel: rejected by the service or by the producer's
 * checks, or failed or timed out after retries. Carries the messageId and the error code and message, the same
 * values as the {@code CamelIoTAnalyticsErrorCode} and {@code CamelIoTAnalyticsErrorMessage} headers.
 */
public class MessageNotDeliveredException extends CamelExchangeException {

    private static final long serialVersionUID = 1L;

    private final String messageId;
    private final String errorCode;
    private final String errorMessage;

    public MessageNotDeliveredException(String message, Exchange exchange, String messageId, String errorCode,
                                        String errorMessage, Throwable cause) {
        super(message, exchange, cause);
        this.messageId = messageId;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    /** The messageId of the message; for a collection body, of the first message that was not delivered. */
    public String getMessageId() {
        return messageId;
    }

    /** The service's error code, or the producer's: DeliveryTimeout, BufferFull, ProducerStopped. */
    public String getErrorCode() {
        return errorCode;
    }

    public String getErrorMessage() {
        return errorMessage;
    }
}
