package io.github.cameliotanalytics;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.batch.BatchSender;
import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.batch.DeliveryListener;
import io.github.cameliotanalytics.batch.PendingMessage;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.DefaultAsyncProducer;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;

/**
 * The producer of an {@code iotanalytics:} endpoint. For {@code batchPutMessage} it turns each exchange into one
 * message (or, for a list body, one message per element), checks it and hands it to its {@link BatchSender}, which
 * batches messages from all threads; the exchange completes when its own message's outcome is known. The other
 * operations are synchronous calls ({@link ChannelOperations}).
 */
@ManagedResource(description = "Managed AWS IoT Analytics producer")
public class IoTAnalyticsProducer extends DefaultAsyncProducer {

    private final IoTAnalyticsConfiguration configuration;
    private final long deliveryTimeoutNanos;
    private final long maxBlockNanos;
    private ChannelOperations channelOperations;
    private ExecutorService senderThread;
    private ExecutorService callThreads;
    private BatchSender sender;
    private IoTAnalyticsProducerHealthCheck healthCheck;
    private WritableHealthCheckRepository healthCheckRepository;

    public IoTAnalyticsProducer(IoTAnalyticsEndpoint endpoint) {
        super(endpoint);
        this.configuration = endpoint.getConfiguration();
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(configuration.getDeliveryTimeout());
        this.maxBlockNanos = TimeUnit.MILLISECONDS.toNanos(configuration.getMaxBlockTime());
    }

    @Override
    public IoTAnalyticsEndpoint getEndpoint() {
        return (IoTAnalyticsEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        channelOperations = new ChannelOperations(getEndpoint().getClient(), configuration.isPojoRequest());
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        String name = "IoTAnalytics[" + configuration.getChannelName() + "]";
        senderThread = executors.newSingleThreadExecutor(this, name + "Sender");
        callThreads = executors.newFixedThreadPool(this, name + "Call", configuration.getMaxInFlightBatches());
        sender = new BatchSender(getEndpoint().getClient(), configuration, senderThread, callThreads);
        sender.start();
        getEndpoint().runningProducers().add(this);

        IoTAnalyticsComponent component = getEndpoint().getComponent();
        if (component.isHealthCheckProducerEnabled()) {
            healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(
                    getEndpoint().getCamelContext(), "producers", WritableHealthCheckRepository.class);
            if (healthCheckRepository != null) {
                healthCheck = new IoTAnalyticsProducerHealthCheck(getEndpoint(), this);
                healthCheckRepository.addHealthCheck(healthCheck);
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().runningProducers().remove(this);
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        if (sender != null) {
            sender.close(configuration.getShutdownTimeout());
        }
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (senderThread != null) {
            executors.shutdownNow(senderThread);
        }
        if (callThreads != null) {
            executors.shutdownNow(callThreads);
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            IoTAnalyticsOperations operation = exchange.getMessage().getHeader(
                    IoTAnalyticsConstants.OPERATION, configuration.getOperation(), IoTAnalyticsOperations.class);
            String channelName = exchange.getMessage().getHeader(
                    IoTAnalyticsConstants.CHANNEL_NAME, configuration.getChannelName(), String.class);
            Object body = exchange.getMessage().getBody();
            if (operation != IoTAnalyticsOperations.batchPutMessage
                    || configuration.isPojoRequest() && body instanceof BatchPutMessageRequest) {
                channelOperations.execute(operation, exchange, channelName);
            } else if (PayloadConverter.isCollection(body)) {
                submitList(exchange, callback, channelName, (Iterable<?>) body);
                return false;
            } else {
                String messageId = exchange.getMessage().getHeader(
                        IoTAnalyticsConstants.MESSAGE_ID, exchange.getExchangeId(), String.class);
                submit(exchange, channelName, messageId, body,
                        new ExchangeDelivery(exchange, callback, configuration.isFailOnErrorEntry()));
                return false;
            }
        } catch (Exception e) {
            // a header that cannot be read, a failed management call: nothing was handed to the sender
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private void submitList(Exchange exchange, AsyncCallback callback, String channelName, Iterable<?> body) {
        CollectionDelivery delivery = new CollectionDelivery(exchange, callback, configuration.isFailOnErrorEntry());
        int index = 0;
        for (Object element : body) {
            String defaultId = exchange.getExchangeId() + "-" + index++;
            if (element instanceof Exchange inner) {
                String messageId = inner.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, defaultId, String.class);
                submit(inner, channelName, messageId, inner.getMessage().getBody(), delivery.element(inner));
            } else if (element instanceof software.amazon.awssdk.services.iotanalytics.model.Message message) {
                submit(exchange, channelName, message.messageId(), message.payload().asByteArrayUnsafe(),
                        delivery.element(null));
            } else {
                submit(exchange, channelName, defaultId, element, delivery.element(null));
            }
        }
        delivery.allSubmitted();
    }

    /** Converts and checks one message, then hands it to the sender; a message that fails here fails alone. */
    private void submit(Exchange exchange, String channelName, String messageId, Object body, DeliveryListener listener) {
        byte[] payload;
        try {
            payload = PayloadConverter.toPayload(exchange, body);
        } catch (PayloadConverter.NoPayloadException e) {
            PendingMessage message = new PendingMessage(channelName, messageId, new byte[0], deliveryTimeoutNanos, listener);
            sender.reject(message, new DeliveryFailure(DeliveryFailure.INVALID_MESSAGE, e.getMessage(), true, e));
            return;
        }
        PendingMessage message = new PendingMessage(channelName, messageId, payload, deliveryTimeoutNanos, listener);
        String violation = configuration.isValidatePayload() ? violation(messageId, payload) : null;
        if (violation != null) {
            sender.reject(message, DeliveryFailure.rejected(DeliveryFailure.INVALID_MESSAGE,
                    "Not sent: " + violation));
        } else {
            sender.submit(message, maxBlockNanos);
        }
    }

    private static String violation(String messageId, byte[] payload) {
        String violation = MessageRules.checkMessageId(messageId);
        return violation != null ? violation : MessageRules.checkPayload(payload);
    }

    BatchSender sender() {
        return sender;
    }

    @ManagedAttribute(description = "Messages waiting to be sent")
    public int getPendingMessages() {
        return sender.pendingMessages();
    }

    @ManagedAttribute(description = "Payload bytes waiting to be sent")
    public long getPendingBytes() {
        return sender.pendingBytes();
    }

    @ManagedAttribute(description = "Threads waiting for room in the full buffer (back-pressure)")
    public int getWaitingSenders() {
        return sender.waitingSenders();
    }

    @ManagedAttribute(description = "BatchPutMessage calls in flight")
    public int getInFlightBatches() {
        return sender.inFlightBatches();
    }

    @ManagedAttribute(description = "BatchPutMessage calls allowed in flight now (lower than maxInFlightBatches after throttling)")
    public int getSendWindow() {
        return sender.sendWindow();
    }

    @ManagedAttribute(description = "Messages delivered")
    public long getMessagesSent() {
        return sender.statistics().messagesSent();
    }

    @ManagedAttribute(description = "Messages not delivered")
    public long getMessagesFailed() {
        return sender.statistics().messagesFailed();
    }

    @ManagedAttribute(description = "Messages sent again after a retryable failure")
    public long getMessagesRetried() {
        return sender.statistics().messagesRetried();
    }

    @ManagedAttribute(description = "BatchPutMessage calls made")
    public long getBatchesSent() {
        return sender.statistics().batchesSent();
    }

    @ManagedAttribute(description = "Mean number of messages per BatchPutMessage call")
    public double getMeanBatchSize() {
        return sender.statistics().meanBatchSize();
    }

    @ManagedAttribute(description = "Mean time in milliseconds a message waited in the buffer")
    public double getMeanBufferTimeMillis() {
        return sender.statistics().meanBufferTimeMillis();
    }

    @ManagedAttribute(description = "Longest time in milliseconds a message waited in the buffer")
    public double getMaxBufferTimeMillis() {
        return sender.statistics().maxBufferTimeMillis();
    }

    @ManagedAttribute(description = "Messages not delivered, by error code")
    public String getErrorsByCode() {
        return sender.statistics().errorsByCode().toString();
    }
}
