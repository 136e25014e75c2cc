package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * A durable first-in first-out store of messages on local disk, for one endpoint: appends from many threads are
 * written by one writer thread in groups (one write and, with {@code fsync}, one force per group), and one reader (the
 * forwarder) reads them back oldest first and acknowledges each once it is delivered or given up. Space is freed up to
 * the oldest unacknowledged record; that position survives a restart, so a new spool opened on the same directory
 * resumes there (records read but not acknowledged before a crash are read again).
 */
public final class Spool implements AutoCloseable {

    private Spool() {
    }

    /**
     * Opens the spool in {@code settings.directory()}, recovering what an earlier spool left there: a damaged or torn
     * record ends its segment's readable part and is counted in {@link SpoolStatistics#tornRecords()}.
     *
     * @param clock   gives {@link SpoolRecord#appendedAtMillis()}
     * @param threads makes the writer thread
     */
    public static Spool open(SpoolSettings settings, Clock clock, ThreadFactory threads) throws IOException {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Appends one message, with its order key ({@code null}: none); returns at once. The callback runs on the writer thread once the record is written (and
     * forced, with {@code fsync}), or could not be.
     */
    public void append(String channelName, String messageId, String orderKey, byte[] payload,
                       AppendCallback callback) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Reads the records appended after those read so far, oldest first: at most {@code maxRecords}, waiting up to
     * {@code timeoutNanos} while there is none. Returns an empty list at the timeout or once the spool is closed. For one
     * reader thread at a time.
     */
    public List<SpoolRecord> read(int maxRecords, long timeoutNanos) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Marks one record as done with (delivered, or given up); from any thread, in any order. A sequence that was
     * dropped already, or acknowledged before, is ignored.
     */
    public void acknowledge(long sequence) {
        throw new UnsupportedOperationException("not built yet");
    }

    public SpoolStatistics statistics() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Writes what was appended, saves the acknowledged position, and stops the writer thread; appends after it fail.
     */
    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("not built yet");
    }
}
