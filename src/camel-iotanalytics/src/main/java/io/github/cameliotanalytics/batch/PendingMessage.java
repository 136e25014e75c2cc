package io.github.cameliotanalytics.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * One message accepted by the producer, from acceptance to its outcome. Its outcome is reported once ({@link #claim()}),
 * whatever races between a late answer of the service, a timeout and a shutdown.
 */
public final class PendingMessage {

    /** Sets {@link #done} once; a field rather than an AtomicBoolean: one object less per message. */
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(PendingMessage.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String channelName;
    private final Message message;
    private final long deadline;
    private final int size;
    private final DeliveryListener listener;
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;

    /** Time (nanoTime) from which it may be sent, the attempts so far: owned by whoever holds the message. */
    private long sendAfter;
    private int attempts;
    private long queuedAt;
    private String lastError;

    /**
     * @param deliveryTimeoutNanos how long after now the outcome must be known
     */
    public PendingMessage(String channelName, String messageId, byte[] payload, long deliveryTimeoutNanos,
                          DeliveryListener listener) {
        this.channelName = channelName;
        this.message = Message.builder().messageId(messageId).payload(SdkBytes.fromByteArrayUnsafe(payload)).build();
        // the sender thread puts the messageId in a hash set when it makes the batch, long after the id was made: its
        // hash is computed now, while the id's bytes are still in this thread's cache (String caches its hash)
        if (messageId != null) {
            messageId.hashCode();
        }
        this.size = payload.length;
        long acceptedAt = System.nanoTime();
        this.deadline = acceptedAt + deliveryTimeoutNanos;
        this.queuedAt = acceptedAt;
        this.sendAfter = acceptedAt;
        this.listener = listener;
    }

    public String channelName() {
        return channelName;
    }

    public String messageId() {
        return message.messageId();
    }

    public int size() {
        return size;
    }

    Message message() {
        return message;
    }

    long deadline() {
        return deadline;
    }

    long queuedAt() {
        return queuedAt;
    }

    long sendAfter() {
        return sendAfter;
    }

    int attempts() {
        return attempts;
    }

    void attempted() {
        attempts++;
    }

    /** The error of the last attempt, if it failed: {@code code: message}. */
    String lastError() {
        return lastError;
    }

    void failedAttempt(String error) {
        this.lastError = error;
    }

    /** Puts the message back in line: it may be sent again from {@code sendAfter} on. */
    void requeued(long now, long sendAfter) {
        this.queuedAt = now;
        this.sendAfter = sendAfter;
    }

    /** Takes the right to report this message's outcome: true once, false ever after. */
    boolean claim() {
        return DONE.compareAndSet(this, false, true);
    }

    DeliveryListener listener() {
        return listener;
    }
}
