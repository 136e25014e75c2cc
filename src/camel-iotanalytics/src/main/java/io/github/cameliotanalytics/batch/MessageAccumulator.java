package io.github.cameliotanalytics.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer of messages waiting to be sent, one queue per channel, from which the {@link BatchEngine} takes
 * batches. A queue is ready to give a batch when it holds {@code batchSize} messages, when its oldest message has
 * waited {@code batchTimeout}, when its head is a message to send again, when callers wait for room (the buffer is
 * full: what it holds goes now rather than at its batch timeout, so a small buffer does not cap the throughput of
 * channels whose batches fill slowly), or when the accumulator is closed (flush).
 * <p>
 * Room: at most {@code maxMessages} messages and {@code maxBytes} payload bytes, counting the messages in the buffer
 * and the outcomes still waiting for a worker ({@link #holdForOutcomes}). Callers that find no room wait in a FIFO line,
 * one condition each, up to their own deadline. Room goes in the order of the line: a caller gets in only if there is a
 * slot for it after one for each caller ahead of it, so a newcomer never takes the room of a waiting caller. The line
 * is woken once the buffer is down to three quarters of its bounds, not as each slot frees: under a sustained
 * overload every freed slot would otherwise wake a thread to add one message.
 */
final class MessageAccumulator {

    /** What became of an {@link #append}. */
    enum Appended {
        ACCEPTED,
        /** No room before the caller's deadline. */
        BUFFER_FULL,
        /** Larger than {@code maxBytes}: it would never fit. */
        NEVER_FITS,
        CLOSED
    }

    private final Time time;
    private final int batchSize;
    private final long batchTimeoutNanos;
    private final long deliveryTimeoutNanos;
    private final int maxMessages;
    private final long maxBytes;
    private final int resumeMessages;
    private final long resumeBytes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Deque<Condition> waiters = new ArrayDeque<>();
    private final Map<String, ArrayDeque<PendingMessage>> queues = new LinkedHashMap<>();
    private final BatchIds batchIds;
    private int pendingMessages;
    private long pendingBytes;
    private final AtomicInteger outcomesHeld = new AtomicInteger();
    /** The size of {@link #waiters}, readable without the lock. */
    private volatile int waiting;
    /** No new messages; the queued ones are ready at once. */
    private boolean closed;
    /** Emptied for good: not even retries come back. */
    private boolean drained;

    MessageAccumulator(Time time, int batchSize, long batchTimeoutNanos, long deliveryTimeoutNanos, int maxMessages,
                       long maxBytes) {
        this.time = time;
        this.batchSize = batchSize;
        this.batchTimeoutNanos = batchTimeoutNanos;
        this.deliveryTimeoutNanos = deliveryTimeoutNanos;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.resumeMessages = maxMessages - Math.max(1, maxMessages / 4);
        this.resumeBytes = maxBytes - maxBytes / 4;
        this.batchIds = new BatchIds(batchSize);
    }

    /**
     * Adds a message, waiting in line while there is no room, until {@code blockDeadline} (nanoTime) at the latest.
     * The message's deliveryTimeout starts when it is accepted.
     */
    Appended append(PendingMessage message, long blockDeadline) throws InterruptedException {
        if (message.size() > maxBytes) {
            return Appended.NEVER_FITS;
        }
        lock.lock();
        try {
            if (!closed && !hasRoomFor(message, waiters.size())) {
                Condition turn = lock.newCondition();
                waiters.addLast(turn);
                waiting = waiters.size();
                if (waiting == 1) {
                    // the buffer just became full: its partial batches are ready now (later callers change nothing)
                    workAvailable.signal();
                }
                try {
                    while (!closed && !hasRoomFor(message, position(turn))) {
                        long wait = blockDeadline - time.nanoTime();
                        if (wait <= 0) {
                            return Appended.BUFFER_FULL;
                        }
                        turn.awaitNanos(wait);
                    }
                } finally {
                    waiters.remove(turn);
                    waiting = waiters.size();
                    // the callers behind it moved up
                    signalWaiters();
                }
            }
            if (closed) {
                return Appended.CLOSED;
            }
            message.accepted(time.nanoTime(), deliveryTimeoutNanos);
            ArrayDeque<PendingMessage> queue = queues.computeIfAbsent(message.channelName(), c -> new ArrayDeque<>());
            queue.addLast(message);
            pendingMessages++;
            pendingBytes += message.size();
            if (queue.size() == 1 || queue.size() == batchSize) {
                workAvailable.signal();
            }
            return Appended.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the message fits with one slot kept for each of the {@code ahead} callers ahead of it in line. */
    private boolean hasRoomFor(PendingMessage message, int ahead) {
        return pendingMessages + outcomesHeld.get() + ahead < maxMessages && pendingBytes + message.size() <= maxBytes;
    }

    private int position(Condition turn) {
        int position = 0;
        for (Condition waiter : waiters) {
            if (waiter == turn) {
                return position;
            }
            position++;
        }
        return position;
    }

    /** Wakes the line once the buffer is down to three quarters of its bounds. */
    private void signalWaitersIfResumed() {
        if (pendingMessages + outcomesHeld.get() <= resumeMessages && pendingBytes <= resumeBytes) {
            signalWaiters();
        }
    }

    private void signalWaiters() {
        waiters.forEach(Condition::signal);
    }

    /**
     * Puts messages of a failed call back at the head of their queue, in their order, to be sent from
     * {@code sendAfter} (nanoTime) on. The bounds do not apply: these messages were accepted already. They are taken
     * while the accumulator is closed (flushing), not after {@link #drainAll}: then this returns false and the caller
     * keeps them.
     */
    boolean requeue(List<PendingMessage> messages, long now, long sendAfter) {
        lock.lock();
        try {
            if (drained) {
                return false;
            }
            for (int i = messages.size() - 1; i >= 0; i--) {
                PendingMessage message = messages.get(i);
                message.requeued(now, sendAfter);
                queues.computeIfAbsent(message.channelName(), c -> new ArrayDeque<>()).addFirst(message);
                pendingMessages++;
                pendingBytes += message.size();
            }
            workAvailable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts outcomes waiting for a worker against the room of the buffer, until a worker takes them. */
    void holdForOutcomes(int count) {
        outcomesHeld.addAndGet(count);
    }

    /** Gives back the room of {@code count} outcomes a worker took. */
    void outcomesTaken(int count) {
        outcomesHeld.addAndGet(-count);
        if (waiting > 0) {
            lock.lock();
            try {
                signalWaitersIfResumed();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Takes a batch that is ready at {@code now}, or returns {@code null}. Messages whose deadline has passed are moved
     * to {@code expired} and never put in a batch.
     */
    Batch nextBatch(long now, List<PendingMessage> expired) {
        lock.lock();
        try {
            for (ArrayDeque<PendingMessage> queue : queues.values()) {
                removeExpiredHead(queue, now, expired);
                PendingMessage head = queue.peekFirst();
                if (head != null && head.sendAfter() - now <= 0
                        && (sendAtOnce(queue, head) || now - head.queuedAt() >= batchTimeoutNanos)) {
                    return take(head.channelName(), queue, now, expired);
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Moves the messages at the head of each queue whose deadline has passed at {@code now} to {@code expired}. */
    void expire(long now, List<PendingMessage> expired) {
        lock.lock();
        try {
            for (ArrayDeque<PendingMessage> queue : queues.values()) {
                removeExpiredHead(queue, now, expired);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long from {@code now} until the next thing the sender must do for the buffer: a batch becoming ready
     * ({@code ready}: only if {@code canSend}) or a head message reaching its deadline. Computed from differences, so
     * that it never overflows; {@code Long.MAX_VALUE} when the buffer is empty.
     */
    long nanosUntilWork(long now, boolean canSend) {
        lock.lock();
        try {
            long nanos = Long.MAX_VALUE;
            for (ArrayDeque<PendingMessage> queue : queues.values()) {
                PendingMessage head = queue.peekFirst();
                if (head == null) {
                    continue;
                }
                nanos = Math.min(nanos, Math.max(0, head.deadline() - now));
                if (canSend) {
                    long ready = sendAtOnce(queue, head) ? 0 : batchTimeoutNanos - (now - head.queuedAt());
                    nanos = Math.min(nanos, Math.max(0, Math.max(ready, head.sendAfter() - now)));
                }
            }
            return nanos;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a queue is ready whatever its age: closed, a retry at its head, a full batch, or callers waiting. */
    private boolean sendAtOnce(ArrayDeque<PendingMessage> queue, PendingMessage head) {
        return closed || head.attempts() > 0 || queue.size() >= batchSize || !waiters.isEmpty();
    }

    /** Waits for a signal ({@link #wakeUp}, a new message, a closed buffer) or {@code nanos}, whichever comes first. */
    void awaitWork(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return;
        }
        lock.lock();
        try {
            workAvailable.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    private void removeExpiredHead(ArrayDeque<PendingMessage> queue, long now, List<PendingMessage> expired) {
        PendingMessage head;
        while ((head = queue.peekFirst()) != null && head.expired(now)) {
            queue.pollFirst();
            released(head);
            expired.add(head);
        }
        signalWaitersIfResumed();
    }

    /**
     * Takes up to batchSize messages from the head of the queue, skipping a messageId already in the batch; messages
     * past their deadline go to {@code expired} instead.
     */
    private Batch take(String channelName, ArrayDeque<PendingMessage> queue, long now, List<PendingMessage> expired) {
        List<PendingMessage> messages = new ArrayList<>(Math.min(batchSize, queue.size()));
        Iterator<PendingMessage> it = queue.iterator();
        while (it.hasNext() && messages.size() < batchSize) {
            PendingMessage message = it.next();
            if (message.expired(now)) {
                it.remove();
                released(message);
                expired.add(message);
            } else if (batchIds.add(message.messageId())) {
                it.remove();
                released(message);
                messages.add(message);
            }
        }
        batchIds.clear();
        signalWaitersIfResumed();
        // round robin: the channel goes to the end of the line
        queues.remove(channelName);
        if (!queue.isEmpty()) {
            queues.put(channelName, queue);
        }
        return messages.isEmpty() ? null : new Batch(channelName, messages);
    }

    private void released(PendingMessage message) {
        pendingMessages--;
        pendingBytes -= message.size();
    }

    /** Stops accepting messages; the queued ones become ready at once (flush). Waiting callers return. */
    void close() {
        lock.lock();
        try {
            closed = true;
            signalWaiters();
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the accumulator for good, and removes and returns every queued message. */
    List<PendingMessage> drainAll() {
        lock.lock();
        try {
            closed = true;
            drained = true;
            List<PendingMessage> all = new ArrayList<>(pendingMessages);
            queues.values().forEach(all::addAll);
            queues.clear();
            pendingMessages = 0;
            pendingBytes = 0;
            signalWaiters();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the sender, e.g. when a call completed. */
    void wakeUp() {
        lock.lock();
        try {
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return pendingMessages == 0;
        } finally {
            lock.unlock();
        }
    }

    /** The callers waiting in line for room (for monitoring). */
    int waitingCallers() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    int pendingMessages() {
        lock.lock();
        try {
            return pendingMessages;
        } finally {
            lock.unlock();
        }
    }

    long pendingBytes() {
        lock.lock();
        try {
            return pendingBytes;
        } finally {
            lock.unlock();
        }
    }

    private static final class BatchIds {

        private static final Object NULL_ID = new Object();
        private final Object[] slots;

        BatchIds(int batchSize) {
            // a power of two of at least twice the batch size: at most half full
            slots = new Object[Integer.highestOneBit(Math.max(1, batchSize) * 2) << 1];
        }

        /** Adds the id; false if the batch has it already. */
        boolean add(String messageId) {
            Object id = messageId != null ? messageId : NULL_ID;
            int hash = id.hashCode();
            int mask = slots.length - 1;
            int i = (hash ^ hash >>> 16) & mask;
            for (Object slot; (slot = slots[i]) != null; i = (i + 1) & mask) {
                if (slot.equals(id)) {
                    return false;
                }
            }
            slots[i] = id;
            return true;
        }

        void clear() {
            Arrays.fill(slots, null);
        }
    }
}
