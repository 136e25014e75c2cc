package io.github.cameliotanalytics.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer of messages waiting to be sent, one queue per channel, from which the {@link BatchSender} takes
 * batches. A queue is ready to give a batch when it holds {@code batchSize} messages, when its oldest message has
 * waited {@code batchTimeout}, or when the accumulator is closed (flush).
 * <p>
 * Callers of {@link #append} wait up to their block time while the buffer is full; they are all woken when it is
 * down to three quarters of its bounds, with a slot kept for each. The sender is woken only when a queue gets its
 * first message or fills a batch, not once per message.
 */
final class MessageAccumulator {

    private final int batchSize;
    private final long batchTimeoutNanos;
    private final int maxMessages;
    private final long maxBytes;
    /**
     * Callers blocked in {@link #append} are woken once the buffer is down to these, not as each slot frees: under a
     * sustained overload a taken batch would otherwise wake every blocked sender to add one message each.
     */
    private final int resumeMessages;
    private final long resumeBytes;
    /**
     * Slots kept for the callers woken by the last announcement: callers that were not waiting must leave them, or
     * they could refill the buffer before the woken ones run, and a caller could wait out its block time.
     */
    private int reservedSlots;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomAvailable = lock.newCondition();
    private final Condition workAvailable = lock.newCondition();
    private final Map<String, ArrayDeque<PendingMessage>> queues = new LinkedHashMap<>();
    private final BatchIds batchIds;
    private int pendingMessages;
    private long pendingBytes;
    private boolean closed;

    MessageAccumulator(int batchSize, long batchTimeoutNanos, int maxMessages, long maxBytes) {
        this.batchSize = batchSize;
        this.batchTimeoutNanos = batchTimeoutNanos;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.resumeMessages = maxMessages - Math.max(1, maxMessages / 4);
        this.resumeBytes = maxBytes - maxBytes / 4;
        this.batchIds = new BatchIds(batchSize);
    }

    /** What became of an {@link #append}. */
    enum Appended {
        ACCEPTED,
        BUFFER_FULL,
        CLOSED
    }

    /** Adds a message, waiting up to {@code maxBlockNanos} while the buffer is full. */
    Appended append(PendingMessage message, long maxBlockNanos) throws InterruptedException {
        long wait = maxBlockNanos;
        lock.lock();
        try {
            int othersReserved = reservedSlots;
            while (!closed && !hasRoomFor(message, othersReserved)) {
                if (wait <= 0) {
                    return Appended.BUFFER_FULL;
                }
                try {
                    wait = roomAvailable.awaitNanos(wait);
                } finally {
                    // a woken caller takes one of the slots kept for the woken callers, whichever it is, also when
                    // interrupted: a slot kept for nobody would shrink the buffer for good
                    reservedSlots = Math.max(0, reservedSlots - 1);
                }
                othersReserved = 0;
            }
            if (closed) {
                return Appended.CLOSED;
            }
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

    /**
     * Puts messages of a failed call back at the head of their queue, in their order, to be sent from
     * {@code sendAfter} (nanoTime) on. The bounds do not apply: these messages were accepted already.
     */
    void requeue(List<PendingMessage> messages, long sendAfter) {
        long now = System.nanoTime();
        lock.lock();
        try {
            for (int i = messages.size() - 1; i >= 0; i--) {
                PendingMessage message = messages.get(i);
                message.requeued(now, sendAfter);
                queues.computeIfAbsent(message.channelName(), c -> new ArrayDeque<>()).addFirst(message);
                pendingMessages++;
                pendingBytes += message.size();
            }
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code maxWaitNanos} for a ready batch and returns it, or {@code null}. Messages whose deadline passed
     * while they waited are moved to {@code expired}; the wait ends early when there are any.
     */
    Batch nextBatch(long maxWaitNanos, List<PendingMessage> expired) throws InterruptedException {
        long waitUntil = System.nanoTime() + maxWaitNanos;
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                long wakeAt = waitUntil;
                for (ArrayDeque<PendingMessage> queue : queues.values()) {
                    removeExpired(queue, now, expired);
                    PendingMessage head = queue.peekFirst();
                    if (head == null) {
                        continue;
                    }
                    if (head.sendAfter() > now) {
                        wakeAt = Math.min(wakeAt, head.sendAfter());
                    } else if (closed || head.attempts() > 0 || queue.size() >= batchSize
                            || now - head.queuedAt() >= batchTimeoutNanos) {
                        return take(head.channelName(), queue);
                    } else {
                        wakeAt = Math.min(wakeAt, Math.min(head.queuedAt() + batchTimeoutNanos, head.deadline()));
                    }
                }
                if (!expired.isEmpty() || wakeAt - now <= 0) {
                    return null;
                }
                workAvailable.awaitNanos(wakeAt - now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves the messages whose deadline passed to {@code expired}, without taking a batch. */
    void expire(List<PendingMessage> expired) {
        long now = System.nanoTime();
        lock.lock();
        try {
            queues.values().forEach(queue -> removeExpired(queue, now, expired));
        } finally {
            lock.unlock();
        }
    }

    private void removeExpired(ArrayDeque<PendingMessage> queue, long now, List<PendingMessage> expired) {
        PendingMessage head;
        while ((head = queue.peekFirst()) != null && head.deadline() - now <= 0) {
            queue.pollFirst();
            released(head);
            expired.add(head);
        }
    }

    /** Takes up to batchSize messages from the head of the queue, skipping a messageId already in the batch. */
    private Batch take(String channelName, ArrayDeque<PendingMessage> queue) {
        List<PendingMessage> messages = new ArrayList<>(Math.min(batchSize, queue.size()));
        Iterator<PendingMessage> it = queue.iterator();
        while (it.hasNext() && messages.size() < batchSize) {
            PendingMessage message = it.next();
            if (batchIds.add(message.messageId())) {
                it.remove();
                released(message);
                messages.add(message);
            }
        }
        batchIds.clear();
        // round robin: the channel goes to the end of the line
        queues.remove(channelName);
        if (!queue.isEmpty()) {
            queues.put(channelName, queue);
        }
        return new Batch(channelName, messages);
    }

    private void released(PendingMessage message) {
        pendingMessages--;
        pendingBytes -= message.size();
        if (pendingMessages <= resumeMessages && pendingBytes <= resumeBytes && lock.hasWaiters(roomAvailable)) {
            // all of them, once (signalAll empties the wait queue), with a slot kept for each: woken one per freed
            // slot, the first would refill the buffer alone and the others could wait out their block time
            reservedSlots = lock.getWaitQueueLength(roomAvailable);
            roomAvailable.signalAll();
        }
    }

    private boolean hasRoomFor(PendingMessage message, int reserved) {
        return pendingMessages + reserved < maxMessages && pendingBytes + message.size() <= maxBytes;
    }

    /** Stops accepting messages; the queued ones become ready at once (flush). Blocked callers of append return. */
    void close() {
        lock.lock();
        try {
            closed = true;
            roomAvailable.signalAll();
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns every queued message. */
    List<PendingMessage> drainAll() {
        lock.lock();
        try {
            List<PendingMessage> all = new ArrayList<>(pendingMessages);
            queues.values().forEach(all::addAll);
            queues.clear();
            pendingMessages = 0;
            pendingBytes = 0;
            roomAvailable.signalAll();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the sender, e.g. when a call completed during a flush. */
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

    /** The callers of {@link #append} waiting for room in the full buffer. */
    int waitingCallers() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(roomAvailable);
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

    /**
     * The messageIds of the batch being taken: a hash set by open addressing over a table made once and cleared after
     * each batch, so that making a batch allocates no set nor entries. Only used under the lock.
     */
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
