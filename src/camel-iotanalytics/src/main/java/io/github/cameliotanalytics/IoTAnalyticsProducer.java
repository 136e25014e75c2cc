package io.github.cameliotanalytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.batch.BatchEngine;
import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.batch.DeliveryListener;
import io.github.cameliotanalytics.batch.PendingMessage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultAsyncProducer;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * The producer of an {@code iotanalytics:} endpoint. For {@code batchPutMessage} it turns each exchange into one
 * message (or, for a list body, one message per element), checks every message first, then hands the valid ones to
 * the endpoint's {@link BatchEngine}, which batches messages from all threads and all producers of the endpoint; the
 * exchange completes when its messages' outcomes are known. The other operations are synchronous calls
 * ({@link ChannelOperations}).
 */
@ManagedResource(description = "Managed AWS IoT Analytics producer")
public class IoTAnalyticsProducer extends DefaultAsyncProducer {

    private final IoTAnalyticsConfiguration configuration;
    private final long maxBlockNanos;
    private ChannelOperations channelOperations;
    private volatile BatchEngine engine;
    /** With spoolDirectory: where the valid messages go instead of the engine. */
    private volatile SpoolAppender spoolAppender;

    public IoTAnalyticsProducer(IoTAnalyticsEndpoint endpoint) {
        super(endpoint);
        this.configuration = endpoint.getConfiguration();
        this.maxBlockNanos = TimeUnit.MILLISECONDS.toNanos(configuration.getMaxBlockTime());
    }

    @Override
    public IoTAnalyticsEndpoint getEndpoint() {
        return (IoTAnalyticsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        channelOperations = new ChannelOperations(getEndpoint().getClient(), getEndpoint().getAsyncClient(),
                configuration.isPojoRequest(), Duration.ofMillis(configuration.getRequestTimeout()));
        engine = getEndpoint().acquireEngine(this);
        spoolAppender = getEndpoint().spoolAppender();
    }

    @Override
    protected void doStop() throws Exception {
        engine = null;
        spoolAppender = null;
        getEndpoint().releaseEngine(this);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            org.apache.camel.Message in = exchange.getMessage();
            // most exchanges carry no header of ours: no lookup then
            boolean headers = in.hasHeaders();
            IoTAnalyticsOperations operation = headers
                    ? in.getHeader(IoTAnalyticsConstants.OPERATION, configuration.getOperation(),
                            IoTAnalyticsOperations.class)
                    : configuration.getOperation();
            String channelName = headers
                    ? in.getHeader(IoTAnalyticsConstants.CHANNEL_NAME, configuration.getChannelName(), String.class)
                    : configuration.getChannelName();
            Object body = in.getBody();
            if (operation != IoTAnalyticsOperations.batchPutMessage
                    || configuration.isPojoRequest() && body instanceof BatchPutMessageRequest) {
                channelOperations.execute(operation, exchange, channelName);
            } else {
                BatchEngine running = engine;
                if (running == null) {
                    String messageId = messageId(exchange, headers);
                    ExchangeDelivery.setOutcome(exchange, messageId, DeliveryFailure.of(
                            DeliveryFailure.PRODUCER_STOPPED, "The producer is stopping", null), true);
                } else if (PayloadConverter.isCollection(body)) {
                    return submitList(running, exchange, callback, channelName, (Iterable<?>) body);
                } else {
                    String messageId = messageId(exchange, headers);
                    ExchangeDelivery delivery = new ExchangeDelivery(exchange, callback, configuration.isFailOnErrorEntry());
                    List<PendingMessage> valid = new ArrayList<>(1);
                    check(running, exchange, channelName, messageId, body, delivery, valid);
                    submitUntil(running, valid, exchange, running.blockDeadline(maxBlockNanos));
                    return false;
                }
            }
        } catch (Throwable e) {
            // a header that cannot be read, a failed management call, even an Error: nothing was handed to the engine
            // (the engine's submit and reject never throw), so the exchange's outcome is this one
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    /** The messageId header, or else the exchange id. */
    private static String messageId(Exchange exchange, boolean headers) {
        return headers
                ? exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, exchange.getExchangeId(), String.class)
                : exchange.getExchangeId();
    }

    /**
     * Reads the list element by element, and submits each valid one as soon as it is read, waiting for room in the
     * buffer for maxBlockTime in all: the producer never holds more of the list than the buffer allows, whatever its
     * length (a list that makes its elements as it is read streams through). A bad element fails alone, with its own
     * error entry; a list that fails to be read (its iterator throws anything) fails the exchange with what was read
     * still sent.
     */
    private boolean submitList(BatchEngine running, Exchange exchange, AsyncCallback callback, String channelName,
                               Iterable<?> body) {
        CollectionDelivery delivery = new CollectionDelivery(exchange, callback, configuration.isFailOnErrorEntry());
        long blockDeadline = running.blockDeadline(maxBlockNanos);
        List<PendingMessage> valid = new ArrayList<>(1);
        int index = 0;
        try {
            for (Object element : body) {
                String defaultId = exchange.getExchangeId() + "-" + index++;
                Exchange carrier = exchange;
                if (element instanceof Exchange inner) {
                    carrier = inner;
                    String messageId
                            = inner.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, defaultId, String.class);
                    check(running, inner, channelName, messageId, inner.getMessage().getBody(), delivery.element(inner),
                            valid);
                } else if (element instanceof Message message) {
                    check(running, exchange, channelName, message.messageId(), message.payload(),
                            delivery.element(null), valid);
                } else {
                    check(running, exchange, channelName, defaultId, element, delivery.element(null), valid);
                }
                if (!valid.isEmpty()) {
                    submitUntil(running, valid, carrier, blockDeadline);
                    valid.clear();
                }
            }
        } catch (Throwable e) {
            running.reject(new PendingMessage(channelName, exchange.getExchangeId() + "-" + index, new byte[0],
                    delivery.element(null)), new DeliveryFailure(DeliveryFailure.INVALID_MESSAGE,
                            "The list body could not be read past element " + index + ": " + e, false, e));
        }
        if (delivery.allSubmitted() != null) {
            // every element already has its outcome: the exchange is complete, on this thread
            callback.done(true);
            return true;
        }
        return false;
    }

    /**
     * Hands valid messages to the spool, with spoolDirectory (with the order key of {@code carrier}, the exchange of
     * the messages), else to the engine.
     */
    private void submitUntil(BatchEngine running, List<PendingMessage> valid, Exchange carrier, long blockDeadline) {
        SpoolAppender appender = spoolAppender;
        if (appender != null) {
            String orderKey = carrier.getMessage().hasHeaders()
                    ? carrier.getMessage().getHeader(IoTAnalyticsConstants.ORDER_KEY, String.class) : null;
            appender.appendUntil(valid, orderKey, blockDeadline);
        } else {
            running.submitUntil(valid, blockDeadline);
        }
    }

    /**
     * Converts and checks one message: adds it to {@code valid}, or reports its failure at once. Whatever the
     * conversion throws fails this message alone.
     */
    private void check(BatchEngine running, Exchange exchange, String channelName, String messageId, Object body,
                       DeliveryListener listener, List<PendingMessage> valid) {
        byte[] payload;
        try {
            payload = PayloadConverter.toPayload(exchange, body);
        } catch (Throwable e) {
            String reason = e instanceof PayloadConverter.NoPayloadException
                    ? e.getMessage() : "Cannot turn the body into a payload: " + e;
            running.reject(new PendingMessage(channelName, messageId, new byte[0], listener),
                    new DeliveryFailure(DeliveryFailure.INVALID_MESSAGE, reason, true, e));
            return;
        }
        SpoolAppender appender = spoolAppender;
        PendingMessage message = new PendingMessage(channelName, messageId, payload,
                appender != null ? SpoolAppender.marking(exchange, listener) : listener);
        // the service refuses the whole call for a bad messageId: it is checked whatever validatePayload says
        String violation = MessageRules.checkMessageId(messageId);
        if (violation == null && configuration.isValidatePayload()) {
            violation = MessageRules.checkPayload(payload);
        }
        if (violation != null) {
            running.reject(message, DeliveryFailure.rejected(DeliveryFailure.INVALID_MESSAGE, "Not sent: " + violation));
        } else {
            valid.add(message);
        }
    }

    private IoTAnalyticsStatistics statistics() {
        return getEndpoint().getStatistics();
    }

    @ManagedAttribute(description = "Messages waiting to be sent (shared by the producers of the endpoint)")
    public int getPendingMessages() {
        return statistics().pendingMessages();
    }

    @ManagedAttribute(description = "Payload bytes waiting to be sent or in calls in flight")
    public long getPendingBytes() {
        return statistics().pendingBytes();
    }

    @ManagedAttribute(description = "Threads waiting for room in the full buffer (back-pressure)")
    public int getWaitingSenders() {
        return statistics().waitingSenders();
    }

    @ManagedAttribute(description = "BatchPutMessage calls in flight")
    public int getInFlightBatches() {
        return statistics().inFlightBatches();
    }

    @ManagedAttribute(description = "BatchPutMessage calls allowed in flight now: the adaptive send window"
                                    + " (1 to maxInFlightBatches)")
    public int getSendWindow() {
        return statistics().sendWindow();
    }

    @ManagedAttribute(description = "Messages delivered")
    public long getMessagesSent() {
        return statistics().messagesSent();
    }

    @ManagedAttribute(description = "Messages not delivered")
    public long getMessagesFailed() {
        return statistics().messagesFailed();
    }

    @ManagedAttribute(description = "Messages sent again after a retryable failure")
    public long getMessagesRetried() {
        return statistics().messagesRetried();
    }

    @ManagedAttribute(description = "Messages sent again after a call that timed out or lost its connection (the"
                                     + " service may hold them twice)")
    public long getMessagesResentAfterUnknownOutcome() {
        return statistics().messagesResentAfterUnknownOutcome();
    }

    @ManagedAttribute(description = "BatchPutMessage calls made")
    public long getBatchesSent() {
        return statistics().batchesSent();
    }

    @ManagedAttribute(description = "Mean number of messages per BatchPutMessage call")
    public double getMeanBatchSize() {
        return statistics().meanBatchSize();
    }

    @ManagedAttribute(description = "Mean time in milliseconds a message waited in the buffer")
    public double getMeanBufferTimeMillis() {
        return statistics().meanBufferTimeMillis();
    }

    @ManagedAttribute(description = "Longest time in milliseconds a message waited in the buffer")
    public double getMaxBufferTimeMillis() {
        return statistics().maxBufferTimeMillis();
    }

    @ManagedAttribute(description = "Messages not delivered, by error code")
    public String getErrorsByCode() {
        return statistics().errorsByCode().toString();
    }

    @ManagedAttribute(description = "Store and forward: bytes of the spool's files on disk (0 without spoolDirectory)")
    public long getSpoolBytes() {
        SpoolStatus status = getEndpoint().getSpoolStatus();
        return status != null ? status.spool().bytes() : 0;
    }

    @ManagedAttribute(description = "Store and forward: messages in the spool not yet delivered or given up")
    public long getSpoolMessages() {
        SpoolStatus status = getEndpoint().getSpoolStatus();
        return status != null ? status.spool().records() : 0;
    }

    @ManagedAttribute(description = "Store and forward: how long ago, in milliseconds, the oldest message in the spool"
                                    + " was spooled (0 when none)")
    public long getSpoolOldestMessageAgeMillis() {
        SpoolStatus status = getEndpoint().getSpoolStatus();
        return status != null ? status.oldestMessageAgeMillis() : 0;
    }

    @ManagedAttribute(description = "Store and forward: spooled messages delivered per second, over about the last"
                                    + " second")
    public double getSpoolForwardRate() {
        SpoolStatus status = getEndpoint().getSpoolStatus();
        return status != null ? status.forwardRate() : 0;
    }

    @ManagedAttribute(description = "Store and forward: spooled messages given up (dead letters) since the start")
    public long getSpoolDeadLetters() {
        SpoolStatus status = getEndpoint().getSpoolStatus();
        return status != null ? status.deadLetters() : 0;
    }

    @ManagedAttribute(description = "Store and forward: messages dropped by spoolFullStrategy=dropOldest since the"
                                    + " start")
    public long getSpoolDroppedMessages() {
        SpoolStatus status = getEndpoint().getSpoolStatus();
        return status != null ? status.spool().droppedRecords() : 0;
    }
}
