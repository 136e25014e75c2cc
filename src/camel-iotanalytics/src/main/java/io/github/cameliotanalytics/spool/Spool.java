package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable first-in first-out store of messages on local disk, for one endpoint: appends from many threads are
 * written by one writer thread in groups (one write and, with {@code fsync}, one force per group), and one reader (the
 * forwarder) reads them back oldest first and acknowledges each once it is delivered or given up. Space is freed up to
 * the oldest unacknowledged record; that position survives a restart, so a new spool opened on the same directory
 * resumes there (records read but not acknowledged before a crash are read again).
 *
 * <p>
 * On disk: segment files {@code segment-<first sequence, 20 digits>.log} of records in the layout of
 * {@link RecordFormat} (length, CRC32C, sequence, appendedAtMillis, channel, messageId, order key, payload), a new one started when
 * the next record would take the active one past {@link SpoolSettings#segmentBytes()} (so a segment exceeds it only by
 * holding a single larger record), and the file {@code checkpoint} with the first unacknowledged sequence, saved at
 * most every 100 ms while it moves and at close. Whole segments below it are deleted. The file {@code spool.lock} is
 * held locked while the spool is open.
 *
 * <p>
 * Threads: one writer thread, made by the given factory when the spool opens and ended by {@link #close()}; nothing
 * else. {@link #append} and {@link #acknowledge} from any thread, {@link #read} from one thread at a time.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final SpoolSettings settings;
    private final Clock clock;
    private final AckWindow window;
    private final SegmentIndex index;
    private final SpoolWriter writer;
    private final Thread writerThread;
    private final SpoolReader reader;
    private final long tornRecords;
    private final DirectoryLock lock;

    /** The reader waits on {@link #written} for the writer's next group, or the close. */
    private final ReentrantLock progress = new ReentrantLock();
    private final Condition written = progress.newCondition();
    private volatile boolean closed;

    private Spool(SpoolSettings settings, Clock clock, ThreadFactory threads, Runnable afterEachGroup,
            Recovery.State recovered, Checkpoint checkpoint, DirectoryLock lock) throws IOException {
        this.settings = settings;
        this.lock = lock;
        this.clock = clock;
        this.tornRecords = recovered.tornRecords();
        this.index = new SegmentIndex();
        SpoolWriter[] writerRef = new SpoolWriter[1];
        this.window = new AckWindow(recovered.frontier(), () -> writerRef[0].frontierAdvanced());
        this.writer = new SpoolWriter(settings, checkpoint, recovered, window, index, this::signalWritten,
                afterEachGroup);
        writerRef[0] = writer;
        this.reader = new SpoolReader(index, window);
        this.writerThread = threads.newThread(writer);
        writerThread.start();
    }

    /**
     * Opens the spool in {@code settings.directory()}, recovering what an earlier spool left there: a damaged or torn
     * record ends its segment's readable part (the file is cut there, and a WARN names it and the offset) and is
     * counted in {@link SpoolStatistics#tornRecords()}. Sequences go on after the last sound record.
     *
     * @throws IOException when the directory cannot be used, or another spool (in this JVM or another) has it open
     *
     * @param clock   gives {@link SpoolRecord#appendedAtMillis()}
     * @param threads makes the writer thread
     */
    public static Spool open(SpoolSettings settings, Clock clock, ThreadFactory threads) throws IOException {
        return open(settings, clock, threads, () -> {
        });
    }

    /**
     * Opens the spool as {@link #open(SpoolSettings, Clock, ThreadFactory)} does, with a step the writer thread runs
     * after the callbacks of each group it wrote (to hand their outcomes on together, once per group rather than once
     * per record); it must be quick, and what it throws is logged.
     */
    public static Spool open(SpoolSettings settings, Clock clock, ThreadFactory threads, Runnable afterEachGroup)
            throws IOException {
        Objects.requireNonNull(afterEachGroup, "afterEachGroup");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(threads, "threads");
        Files.createDirectories(settings.directory());
        DirectoryLock lock = DirectoryLock.acquire(settings.directory());
        try {
            Checkpoint checkpoint = new Checkpoint(settings.directory(), settings.fsync());
            Recovery.State recovered = Recovery.recover(settings.directory(), checkpoint.read());
            return new Spool(settings, clock, threads, afterEachGroup, recovered, checkpoint, lock);
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Appends one message, with its order key ({@code null}: none); returns at once. The callback runs on the writer thread once the record is written (and
     * forced, with {@code fsync}), or could not be; on the calling thread, failed, once the spool is closed.
     *
     * @throws IllegalArgumentException when the channel name, the messageId or the order key is longer than 65535 bytes
     *                                  in UTF-8
     */
    public void append(String channelName, String messageId, String orderKey, byte[] payload,
                       AppendCallback callback) {
        Objects.requireNonNull(channelName, "channelName");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(callback, "callback");
        long now = clock.millis();
        writer.submit(new PendingAppend(RecordFormat.encode(now, channelName, messageId, orderKey, payload), now,
                callback));
    }

    /**
     * Reads the records appended after those read so far, oldest first: at most {@code maxRecords}, waiting up to
     * {@code timeoutNanos} while there is none. Returns an empty list at the timeout or once the spool is closed. For one
     * reader thread at a time.
     *
     * @throws IOException when a segment file cannot be read, or holds a damaged record (damaged after the spool
     *                     opened)
     */
    public List<SpoolRecord> read(int maxRecords, long timeoutNanos) throws IOException, InterruptedException {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, not " + maxRecords);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (reader) {
            while (!closed) {
                long end = writer.writtenEnd();
                List<SpoolRecord> records = reader.read(maxRecords, end);
                if (!records.isEmpty()) {
                    return records;
                }
                progress.lock();
                try {
                    while (writer.writtenEnd() == end && !closed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return List.of();
                        }
                        written.awaitNanos(left);
                    }
                } finally {
                    progress.unlock();
                }
            }
            return List.of();
        }
    }

    /**
     * Marks one record as done with (delivered, or given up); from any thread, in any order. A sequence that was
     * dropped already, acknowledged before, or not read yet, is ignored.
     */
    public void acknowledge(long sequence) {
        window.acknowledge(sequence);
    }

    public SpoolStatistics statistics() {
        long end = writer.writtenEnd();
        long records = window.unacknowledgedBelow(end);
        return new SpoolStatistics(writer.bytes(), records, records == 0 ? -1 : oldestAppendedAtMillis(),
                writer.appendedRecords(), window.acknowledged(), writer.droppedRecords(), tornRecords);
    }

    /** Exact once the oldest record was read; before, when its segment's first record was appended. */
    private long oldestAppendedAtMillis() {
        long read = window.frontierAppendedAtMillis();
        if (read >= 0) {
            return read;
        }
        SegmentIndex.Entry segment = index.holding(window.frontier());
        return segment == null ? -1 : segment.firstAppendedAtMillis();
    }

    /**
     * Writes what was appended, saves the acknowledged position, and stops the writer thread (waiting up to 30 s for
     * it); appends after it fail with an IOException "spool closed", and a waiting {@link #read} returns an empty list.
     * Not to be called from an {@link AppendCallback} (it runs on the writer thread, which close waits for).
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        writer.stop();
        try {
            writerThread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writerThread.isAlive()) {
            LOG.warn("The spool writer in {} did not stop within {} ms", settings.directory(), CLOSE_WAIT_MILLIS);
        }
        closed = true;
        signalWritten();
        synchronized (reader) {
            reader.close();
        }
        lock.close();
    }

    private void signalWritten() {
        progress.lock();
        try {
            written.signalAll();
        } finally {
            progress.unlock();
        }
    }
}
