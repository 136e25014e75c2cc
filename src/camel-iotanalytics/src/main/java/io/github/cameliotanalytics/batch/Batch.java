package io.github.cameliotanalytics.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Messages for one channel, sent together in one BatchPutMessage call; their messageIds are unique. Once sent, it is
 * the engine's record of the call in flight: the thread that sent it sets {@link #sent}, the sender loop owns
 * {@link #nextDeadline}, and the first of the answer or the loop's timeout to {@link #end()} it handles its end.
 */
final class Batch {

    private final String channelName;
    private final List<PendingMessage> messages;
    private final long bytes;
    private final AtomicBoolean ended = new AtomicBoolean();
    private long sentAt;
    private long callDeadline;
    private volatile CompletableFuture<?> call;
    /** The earliest deadline of a message of this batch without an outcome, as the sender loop last saw it. */
    private long nextDeadline;
    private boolean deadlineAhead;

    Batch(String channelName, List<PendingMessage> messages) {
        this.channelName = channelName;
        this.messages = messages;
        long earliest = 0;
        boolean anyExpires = false;
        long total = 0;
        for (PendingMessage message : messages) {
            if (message.expiresInFlight() && (!anyExpires || message.deadline() - earliest < 0)) {
                earliest = message.deadline();
                anyExpires = true;
            }
            total += message.size();
        }
        this.nextDeadline = earliest;
        this.deadlineAhead = anyExpires;
        this.bytes = total;
    }

    String channelName() {
        return channelName;
    }

    List<PendingMessage> messages() {
        return messages;
    }

    /** The payload bytes of its messages. */
    long bytes() {
        return bytes;
    }

    /** Records when the call went out and when it must have its answer (requestTimeout). */
    void sent(long now, long requestTimeoutNanos) {
        this.sentAt = now;
        this.callDeadline = now + requestTimeoutNanos;
    }

    long sentAt() {
        return sentAt;
    }

    long callDeadline() {
        return callDeadline;
    }

    /** The call's future, for the loop to cancel it at its deadline or at the stop. */
    void call(CompletableFuture<?> call) {
        this.call = call;
    }

    /** Cancels the call, if it is still under way: the client aborts the request and frees its connection. */
    void cancelCall() {
        CompletableFuture<?> future = call;
        if (future != null) {
            future.cancel(true);
        }
    }

    /** Takes the right to handle the end of the call (its answer, or its timeout): true once. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    /**
     * Called by the sender loop only: moves the messages without an outcome whose deadline has passed at {@code now}
     * to {@code expired}, and returns the nanoseconds to the earliest deadline still ahead ({@code Long.MAX_VALUE}
     * when every message has its outcome), so that a batch whose messages all failed wakes the loop no more. A message
     * that {@linkplain PendingMessage#waitForAnswer() waits for the answer} is not expired here.
     */
    long expire(long now, List<PendingMessage> expired) {
        if (deadlineAhead && now - nextDeadline >= 0) {
            deadlineAhead = false;
            for (PendingMessage message : messages) {
                if (message.done() || !message.expiresInFlight()) {
                    continue;
                }
                if (message.expired(now)) {
                    expired.add(message);
                } else if (!deadlineAhead || message.deadline() - nextDeadline < 0) {
                    nextDeadline = message.deadline();
                    deadlineAhead = true;
                }
            }
        }
        return deadlineAhead ? nextDeadline - now : Long.MAX_VALUE;
    }
}
