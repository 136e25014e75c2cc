package io.github.cameliotanalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.batch.BatchEngine;
import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.batch.DeliveryListener;
import io.github.cameliotanalytics.batch.PendingMessage;
import io.github.cameliotanalytics.batch.Time;
import io.github.cameliotanalytics.spool.AppendCallback;
import io.github.cameliotanalytics.spool.Spool;
import io.github.cameliotanalytics.spool.SpoolFullException;
import org.apache.camel.Exchange;

/**
 * The producers' way into an endpoint's spool (store and forward): writes each valid message to the spool, and
 * completes its exchange once the spool wrote it, on the engine's workers. At most {@code maxPendingMessages} messages
 * wait to be written; a sender that finds no room waits until its block deadline, then its message fails with
 * BufferFull.
 * <p>
 * Threads: senders append; the spool's writer thread learns each written record ({@link Written#appended}) and, after
 * each group ({@link #run}, given to the spool when it opens), gives the group's room back and hands its outcomes to the
 * engine at once: one wake-up per group, not per message. A failed append is handled where it is learned.
 */
final class SpoolAppender implements Runnable {

    /** Error code of a message refused by a full spool ({@code spoolFullStrategy=reject}). */
    static final String SPOOL_FULL = "SpoolFull";
    /** Error code of a message the spool could not write (an I/O error, or the spool closed). */
    static final String SPOOL_WRITE_FAILED = "SpoolWriteFailed";

    private Spool spool;
    private BatchEngine engine;
    private final Time time;
    /** One permit per message that may wait to be written. */
    private final Semaphore room;
    /** The messages of the group being written; the writer thread's own. */
    private final List<PendingMessage> written = new ArrayList<>();

    SpoolAppender(Time time, int maxPendingMessages) {
        this.time = time;
        // not fair: a fair one makes every sender queue behind a waiting one, even with room (a convoy: a park and an
        // unpark per message while the writer is the slower); a sender that keeps losing the race waits at most
        // maxBlockTime
        this.room = new Semaphore(maxPendingMessages);
    }

    /** Sets where the messages go and where their outcomes go, before the first append. */
    void connect(Spool spool, BatchEngine engine) {
        this.spool = spool;
        this.engine = engine;
    }

    /** After each group, on the writer thread: gives its room back and hands its outcomes over, together. */
    @Override
    public void run() {
        if (written.isEmpty()) {
            return;
        }
        List<PendingMessage> group = new ArrayList<>(written);
        written.clear();
        room.release(group.size());
        engine.reportStored(group);
    }

    /**
     * A listener that also sets {@code CamelIoTAnalyticsSpooled} on {@code exchange} once the message is written, then
     * tells {@code listener}.
     */
    static DeliveryListener marking(Exchange exchange, DeliveryListener listener) {
        return new DeliveryListener() {
            @Override
            public Runnable delivered(PendingMessage message) {
                exchange.getMessage().setHeader(IoTAnalyticsConstants.SPOOLED, Boolean.TRUE);
                return listener.delivered(message);
            }

            @Override
            public Runnable failed(PendingMessage message, DeliveryFailure failure) {
                return listener.failed(message, failure);
            }
        };
    }

    /**
     * Hands the messages to the spool with their order key ({@code null}: none), waiting for room until
     * {@code blockDeadline} (a time of {@link BatchEngine#blockDeadline}); each gets its outcome when written, or at
     * once when it found no room.
     */
    void appendUntil(List<PendingMessage> messages, String orderKey, long blockDeadline) {
        for (PendingMessage message : messages) {
            try {
                if (!room.tryAcquire(Math.max(0, blockDeadline - time.nanoTime()), TimeUnit.NANOSECONDS)) {
                    engine.reject(message, DeliveryFailure.of(DeliveryFailure.BUFFER_FULL,
                            "No room to wait for the spool within maxBlockTime", null));
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                engine.reject(message, DeliveryFailure.of(DeliveryFailure.PRODUCER_STOPPED,
                        "Interrupted while waiting for room for the spool", e));
                continue;
            }
            try {
                spool.append(message.channelName(), message.messageId(), orderKey, message.payload(),
                        new Written(message));
            } catch (Throwable e) {
                // refused before it was queued (a name too long for the spool's record): this message alone fails
                room.release();
                engine.reject(message, DeliveryFailure.of(SPOOL_WRITE_FAILED, "Not spooled: " + e, e));
            }
        }
    }

    /**
     * What the spool learns of one append: a written one joins its group (the room and the outcome go with the group),
     * a failed one gives its room back and fails at once.
     */
    private final class Written implements AppendCallback {

        private final PendingMessage message;

        Written(PendingMessage message) {
            this.message = message;
        }

        @Override
        public void appended(long sequence) {
            written.add(message);
        }

        @Override
        public void failed(Throwable cause) {
            room.release();
            String code = cause instanceof SpoolFullException ? SPOOL_FULL : SPOOL_WRITE_FAILED;
            engine.reject(message, DeliveryFailure.of(code, "Not spooled: " + cause.getMessage(), cause));
        }
    }
}
