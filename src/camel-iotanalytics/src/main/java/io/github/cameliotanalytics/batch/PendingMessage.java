package io.github.cameliotanalytics.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One message handed to the engine, from its acceptance to its outcome. Its outcome is reported once
 * ({@link #claim()}), whatever races between a late answer of the service, its deadline and a stop.
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
    private final String messageId;
    private final byte[] payload;
    private final DeliveryListener listener;
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;

    /** Set by the engine when it accepts the message (nanoTime), then owned by whoever holds the message. */
    private long deadline;
    private long queuedAt;
    private long sendAfter;
    private int attempts;
    private String lastError;
    /** Whether the message fails at its deadline while its call is in flight; set before it is submitted. */
    private boolean expiresInFlight = true;
    /** The messages this one must share a call with, or {@code null}; set before it is submitted. */
    private CallGroup callGroup;

    public PendingMessage(String channelName, String messageId, byte[] payload, DeliveryListener listener) {
        this.channelName = channelName;
        this.messageId = messageId;
        this.payload = payload;
        this.listener = listener;
        // the sender thread puts the messageId in a hash set when it makes the batch, long after the id was made: its
        // hash is computed now, while the id's bytes are still in this thread's cache (String caches its hash)
        if (messageId != null) {
            messageId.hashCode();
        }
    }

    public String channelName() {
        return channelName;
    }

    public String messageId() {
        return messageId;
    }

    /** The payload, not copied: neither the engine nor a {@link BatchCall} changes it. */
    public byte[] payload() {
        return payload;
    }

    public int size() {
        return payload.length;
    }

    /**
     * Makes the message wait for the answer of a call in flight at its deadline (within requestTimeout), instead of
     * failing at the deadline: it then never fails while the service may still store it. For the spool's messages,
     * sent again after a failure: a copy sent again while the first call was still under way could be stored after
     * newer messages of its key, and twice. Called before the message is submitted.
     */
    public PendingMessage waitForAnswer() {
        this.expiresInFlight = false;
        return this;
    }

    /** Makes the message go in one call with the others of {@code group}. Called before the message is submitted. */
    public PendingMessage inCallWith(CallGroup group) {
        this.callGroup = group;
        return this;
    }

    CallGroup callGroup() {
        return callGroup;
    }

    boolean expiresInFlight() {
        return expiresInFlight;
    }

    void accepted(long now, long deliveryTimeoutNanos) {
        this.deadline = now + deliveryTimeoutNanos;
        this.queuedAt = now;
        this.sendAfter = now;
    }

    long deadline() {
        return deadline;
    }

    /** Whether the deadline has passed at {@code now}. */
    boolean expired(long now) {
        return now - deadline >= 0;
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

    /** Whether the outcome was reported already. */
    boolean done() {
        return done;
    }

    /** Takes the right to report this message's outcome: true once, false ever after. */
    boolean claim() {
        return DONE.compareAndSet(this, false, true);
    }

    DeliveryListener listener() {
        return listener;
    }
}
