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
 * waited {@code batchTimeout}, when its head is a message to send again, when callers wait for room while messages to
 * send take at least half of it (what the buffer holds goes now rather than at its batch timeout, so a small buffer
 * does not cap the throughput of channels whose batches fill slowly), or when the accumulator is closed (flush).
 * <p>
 * Room: at most {@code maxMessages} messages and {@code maxBytes} payload bytes. The messages count those in the
 * buffer and the outcomes still waiting for a worker ({@link #holdForOutcomes}); the bytes count those in the buffer and
 * in the calls in flight, until the call ends ({@link #callEnded}), so that what the producer holds of the payloads is
 * bounded whatever the window. Callers that find no room wait in a FIFO line, one condition each, up to their own
 * deadline. A newcomer gets in without waiting only if there is a slot for it after
 * one kept for each caller in line, so it never takes the room of a waiting caller; in the line only the head may take
 * room, and only the head is woken when room frees; a head that gets in wakes the next one if room is left (as Kafka's
 * {@code BufferPool} does): k admissions cost k wake-ups, whatever the length of the line, and a caller that finds
 * room beyond the line does not park at all.
 * <p>
 * The sender loop sleeps here ({@link #awaitWork}) until the next timed event it knows of. The events it cannot know
 * of wake it only if they come before that: a new head of a queue, a retry put back, a pause, a stop; or at once when
 * it slept with every place of the window taken and a place came back ({@link #placeFreed}). An event that comes while
 * the loop is awake shortens its next sleep to the event's time, no more: the loop never turns without cause.
 * All fields but {@link #outcomesHeld} and {@link #waiting} are guarded by {@link #lock}.
 */
final class MessageAccumulator {

    /** What became of an {@link #append}. */
    enum Appended {
        ACCEPTED,
        /** Accepted, and it completed a full batch in its queue: the caller may send it. */
        ACCEPTED_BATCH_READY,
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

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private final Map<String, ArrayDeque<PendingMessage>> queues = new LinkedHashMap<>();
    private final BatchIds batchIds;
    private int pendingMessages;
    /** The payload bytes in the buffer and in the calls in flight. */
    private long pendingBytes;
    /** The payload bytes in the calls in flight alone. */
    private long inFlightBytes;
    private final AtomicInteger outcomesHeld = new AtomicInteger();
    /** The size of {@link #waiters}, readable without the lock. */
    private volatile int waiting;
    /** No new messages; the queued ones are ready at once. */
    private boolean closed;
    /** Emptied for good: not even retries come back. */
    private boolean drained;
    /** Whether the sender loop sleeps in {@link #awaitWork}, until when, and whether it slept with the window full. */
    private boolean loopSleeping;
    private long loopWakeAt;
    private boolean loopBlind;
    /**
     * Events that came while the loop was awake, which its step may have missed: the earliest time one needs it, and
     * whether a place of the window came back; its next sleep ends by then.
     */
    private boolean eventWhileAwake;
    private long eventWhileAwakeAt;
    private boolean placeFreedWhileAwake;

    /** A caller waiting for room: its turn, and the messages and bytes it needs. */
    private record Waiter(Condition turn, int messages, long bytes) {
    }

    MessageAccumulator(Time time, int batchSize, long batchTimeoutNanos, long deliveryTimeoutNanos, int maxMessages,
                       long maxBytes) {
        this.time = time;
        this.batchSize = batchSize;
        this.batchTimeoutNanos = batchTimeoutNanos;
        this.deliveryTimeoutNanos = deliveryTimeoutNanos;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
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
            Appended refused = admit(1, message.size(), blockDeadline);
            if (refused != null) {
                return refused;
            }
            ArrayDeque<PendingMessage> queue = enqueue(message, time.nanoTime());
            wakeHeadIfRoom();
            // only the append that completes a batch says so: one caller in batchSize tries to send, not every caller
            // while the queue is long
            return queue.size() % batchSize == 0 ? Appended.ACCEPTED_BATCH_READY : Appended.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds messages of one channel together, as {@link #append} does one: they wait for room for all of them, and lie
     * next to each other in their queue (a {@link CallGroup} is never seen half added).
     */
    Appended appendAll(List<PendingMessage> messages, long blockDeadline) throws InterruptedException {
        long bytes = 0;
        for (PendingMessage message : messages) {
            bytes += message.size();
        }
        if (bytes > maxBytes || messages.size() > maxMessages) {
            return Appended.NEVER_FITS;
        }
        lock.lock();
        try {
            Appended refused = admit(messages.size(), bytes, blockDeadline);
            if (refused != null) {
                return refused;
            }
            long now = time.nanoTime();
            ArrayDeque<PendingMessage> queue = null;
            boolean batchReady = false;
            for (PendingMessage message : messages) {
                queue = enqueue(message, now);
                batchReady |= queue.size() % batchSize == 0;
            }
            wakeHeadIfRoom();
            return batchReady ? Appended.ACCEPTED_BATCH_READY : Appended.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits in line for room for {@code messages} of {@code bytes}, under the lock; returns {@code null} once they may
     * be added, or why not.
     */
    private Appended admit(int messages, long bytes, long blockDeadline) throws InterruptedException {
        if (!closed && !hasRoomFor(messages, bytes, waiters.size())) {
            Appended waited = awaitTurn(messages, bytes, blockDeadline);
            if (waited != null) {
                return waited;
            }
        }
        return closed ? Appended.CLOSED : null;
    }

    /** Adds one admitted message at the end of its channel's queue, under the lock; returns the queue. */
    private ArrayDeque<PendingMessage> enqueue(PendingMessage message, long now) {
        message.accepted(now, deliveryTimeoutNanos);
        ArrayDeque<PendingMessage> queue = queues.computeIfAbsent(message.channelName(), c -> new ArrayDeque<>());
        queue.addLast(message);
        pendingMessages++;
        pendingBytes += message.size();
        if (queue.size() == 1) {
            // a new head: the loop must be up by its batch timeout (at once while callers wait)
            notifyLoop(waiters.isEmpty() ? now + batchTimeoutNanos : now);
        }
        return queue;
    }

    /**
     * Waits in line until this caller is the head and its message fits; returns {@code null} then, or what ends the
     * wait (the deadline, a stop). A caller that leaves the line without room passes the turn on.
     */
    private Appended awaitTurn(int messages, long bytes, long blockDeadline) throws InterruptedException {
        Waiter waiter = new Waiter(lock.newCondition(), messages, bytes);
        waiters.addLast(waiter);
        waiting = waiters.size();
        if (waiting == 1) {
            // the buffer just became full: its partial batches are ready now (later callers change nothing)
            notifyLoop(time.nanoTime());
        }
        boolean admitted = false;
        try {
            while (!closed && (waiters.peekFirst() != waiter || !hasRoomFor(messages, bytes, 0))) {
                long wait = blockDeadline - time.nanoTime();
                if (wait <= 0) {
                    return Appended.BUFFER_FULL;
                }
                waiter.turn().awaitNanos(wait);
            }
            admitted = !closed;
            return null;
        } finally {
            waiters.remove(waiter);
            waiting = waiters.size();
            if (!admitted) {
                // an admitted caller passes the turn on once its message is in (append)
                wakeHeadIfRoom();
            }
        }
    }

    /**
     * Whether {@code messages} of {@code bytes} in all fit now, with a slot kept for each of the {@code ahead}
     * callers.
     */
    private boolean hasRoomFor(int messages, long bytes, int ahead) {
        return pendingMessages + outcomesHeld.get() + ahead + messages <= maxMessages
               && pendingBytes + bytes <= maxBytes;
    }

    /** Wakes the head of the line, and only it, if its message fits now. */
    private void wakeHeadIfRoom() {
        Waiter head = waiters.peekFirst();
        if (head != null && (closed || hasRoomFor(head.messages(), head.bytes(), 0))) {
            head.turn().signal();
        }
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
                // its call gives back its bytes when it ends (callEnded): counted again here, it keeps them
                pendingMessages++;
                pendingBytes += message.size();
            }
            notifyLoop(sendAfter);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the bytes of the messages of a call that ended (answered, timed out): they left the buffer. */
    void callEnded(long bytes) {
        lock.lock();
        try {
            if (!drained) {
                pendingBytes -= bytes;
                inFlightBytes -= bytes;
                wakeHeadIfRoom();
            }
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
                wakeHeadIfRoom();
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
        return closed || head.attempts() > 0 || queue.size() >= batchSize || !waiters.isEmpty() && fullOfMessages();
    }

    /**
     * Whether at least half the room is taken by messages waiting to be sent: callers then wait for the calls, and a
     * partial batch goes at once. When the room is taken by outcomes waiting for a worker or by calls in flight,
     * partial batches would not give room back sooner, only cost more calls.
     */
    private boolean fullOfMessages() {
        return pendingMessages >= maxMessages / 2 || pendingBytes - inFlightBytes >= maxBytes / 2;
    }

    /**
     * The sender loop's sleep: until {@code nanos} have passed or an event comes that it must see sooner (see the
     * class comment). Returns at once if such an event came while it was awake. {@code blind}: it slept without
     * looking at the ready batches, since every place of the window was taken.
     */
    void awaitWork(long nanos, boolean blind) throws InterruptedException {
        lock.lock();
        try {
            long now = time.nanoTime();
            if (eventWhileAwake) {
                nanos = Math.min(nanos, eventWhileAwakeAt - now);
            }
            if (nanos <= 0 || blind && placeFreedWhileAwake) {
                return;
            }
            loopSleeping = true;
            loopWakeAt = now + nanos;
            loopBlind = blind;
            workAvailable.awaitNanos(nanos);
        } finally {
            loopSleeping = false;
            eventWhileAwake = false;
            placeFreedWhileAwake = false;
            lock.unlock();
        }
    }

    /** Makes sure the loop is up by {@code at} (nanoTime): wakes it if it sleeps longer, else notes the event. */
    void wakeLoopBy(long at) {
        lock.lock();
        try {
            notifyLoop(at);
        } finally {
            lock.unlock();
        }
    }

    /** A place of the window came back: wakes the loop if it slept blind to the ready batches. */
    void placeFreed() {
        lock.lock();
        try {
            if (!loopSleeping) {
                placeFreedWhileAwake = true;
            } else if (loopBlind) {
                loopBlind = false;
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void notifyLoop(long at) {
        if (!loopSleeping) {
            if (!eventWhileAwake || at - eventWhileAwakeAt < 0) {
                eventWhileAwakeAt = at;
            }
            eventWhileAwake = true;
        } else if (at - loopWakeAt < 0) {
            loopWakeAt = at;
            workAvailable.signal();
        }
    }

    private void wakeLoop() {
        notifyLoop(time.nanoTime());
    }

    private void removeExpiredHead(ArrayDeque<PendingMessage> queue, long now, List<PendingMessage> expired) {
        PendingMessage head;
        while ((head = queue.peekFirst()) != null && head.expired(now)) {
            queue.pollFirst();
            released(head);
            expired.add(head);
        }
        wakeHeadIfRoom();
    }

    /**
     * Takes up to batchSize messages from the head of the queue, skipping a messageId already in the batch; messages
     * past their deadline go to {@code expired} instead.
     */
    private Batch take(String channelName, ArrayDeque<PendingMessage> queue, long now, List<PendingMessage> expired) {
        List<PendingMessage> messages = new ArrayList<>(Math.min(batchSize, queue.size()));
        Iterator<PendingMessage> it = queue.iterator();
        CallGroup lastGroup = null;
        while (it.hasNext() && messages.size() < batchSize) {
            PendingMessage message = it.next();
            CallGroup group = message.callGroup();
            if (message.expired(now)) {
                it.remove();
                released(message);
                expired.add(message);
            } else if (group != null && group != lastGroup && !messages.isEmpty()
                       && group.size() > batchSize - messages.size()) {
                // a group goes whole in the next call rather than split between two
                break;
            } else if (batchIds.add(message.messageId())) {
                lastGroup = group;
                it.remove();
                // its bytes stay counted until its call ends (callEnded): the request holds them
                pendingMessages--;
                inFlightBytes += message.size();
                messages.add(message);
            }
        }
        batchIds.clear();
        wakeHeadIfRoom();
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
            waiters.forEach(waiter -> waiter.turn().signal());
            wakeLoop();
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
            inFlightBytes = 0;
            waiters.forEach(waiter -> waiter.turn().signal());
            wakeLoop();
            return all;
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
