package io.github.cameliotanalytics.spool;

import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One append between the appending thread and its callback: the encoded record, then its sequence or why it failed.
 * Handed to the writer thread under the writer's lock; after that the writer thread owns it.
 */
final class PendingAppend {

    private static final Logger LOG = LoggerFactory.getLogger(PendingAppend.class);

    final ByteBuffer record;
    final long appendedAtMillis;
    private final AppendCallback callback;
    private long sequence;
    private Throwable failure;

    PendingAppend(ByteBuffer record, long appendedAtMillis, AppendCallback callback) {
        this.record = record;
        this.appendedAtMillis = appendedAtMillis;
        this.callback = callback;
    }

    int size() {
        return record.remaining();
    }

    long sequence() {
        return sequence;
    }

    void assign(long sequence) {
        this.sequence = sequence;
        RecordFormat.seal(record, sequence);
    }

    void fail(Throwable cause) {
        this.failure = cause;
    }

    /** Runs the callback once; an exception it throws is logged and goes no further. */
    void complete() {
        try {
            if (failure == null) {
                callback.appended(sequence);
            } else {
                callback.failed(failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("A spool append callback threw {}", e.toString(), e);
        }
    }
}
