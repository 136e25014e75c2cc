package io.github.cameliotanalytics.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's writer thread: takes all pending appends at once, writes them to the active segment with one write,
 * forces it when {@code fsync}, publishes the new end to the reader, then runs the callbacks. It also makes room
 * when the spool is full, rolls segments, saves the checkpoint (at most every 100 ms, only when the frontier moved)
 * and deletes the segments below the frontier. It sleeps while there is nothing to do.
 *
 * <p>
 * Threads: {@link #submit} and {@link #frontierAdvanced} from any thread, under {@link #lock}; all the rest, the
 * segments, the active file and the counters, on the writer thread only; the {@code volatile} fields publish to the
 * reader and to the statistics.
 */
final class SpoolWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolWriter.class);
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The largest run copied into {@link #writeBuffer}; the buffer grows to it as groups need. */
    private static final int MAX_WRITE_BUFFER_BYTES = 8 * 1024 * 1024;

    private final SpoolSettings settings;
    private final Checkpoint checkpoint;
    private final AckWindow window;
    private final SegmentIndex index;
    private final Runnable written;
    /** Run after the callbacks of each group (the appender's one step per group). */
    private final Runnable afterEachGroup;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private List<PendingAppend> pending = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private boolean closing;
    private final AtomicBoolean checkpointDue = new AtomicBoolean();

    // writer thread only
    private final ArrayDeque<Segment> segments;
    private FileChannel active;
    private long nextSequence;
    private long bytes;
    private long savedFrontier = -1;
    private long nextCheckpointNanos = System.nanoTime();
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 * 1024);

    private volatile long writtenEnd;
    private volatile long publishedBytes;
    private volatile long appendedRecords;
    private volatile long droppedRecords;

    SpoolWriter(SpoolSettings settings, Checkpoint checkpoint, Recovery.State recovered, AckWindow window,
            SegmentIndex index, Runnable written, Runnable afterEachGroup) throws IOException {
        this.settings = settings;
        this.checkpoint = checkpoint;
        this.window = window;
        this.index = index;
        this.written = written;
        this.afterEachGroup = afterEachGroup;
        this.segments = recovered.segments();
        this.nextSequence = recovered.nextSequence();
        this.writtenEnd = nextSequence;
        for (Segment segment : segments) {
            bytes += segment.bytes;
            index.add(segment);
        }
        this.publishedBytes = bytes;
        if (!segments.isEmpty()) {
            Segment last = segments.getLast();
            active = FileChannel.open(last.file, StandardOpenOption.WRITE);
            active.position(last.bytes);
        }
    }

    /** One past the last sequence written (and forced, with fsync): the reader reads below it. */
    long writtenEnd() {
        return writtenEnd;
    }

    long bytes() {
        return publishedBytes;
    }

    long appendedRecords() {
        return appendedRecords;
    }

    long droppedRecords() {
        return droppedRecords;
    }

    /** Hands an append to the writer thread; fails it at once, on the calling thread, once the spool is closing. */
    void submit(PendingAppend append) {
        lock.lock();
        try {
            if (!closing) {
                pending.add(append);
                if (pending.size() == 1) {
                    wake.signal();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        append.fail(new IOException("spool closed"));
        append.complete();
    }

    /** Called when an acknowledgement moved the frontier: the writer saves it within 100 ms. */
    void frontierAdvanced() {
        if (checkpointDue.compareAndSet(false, true)) {
            lock.lock();
            try {
                wake.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Makes the writer write what is pending, save the checkpoint and end; later appends fail. */
    void stop() {
        lock.lock();
        try {
            closing = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<PendingAppend> group;
                boolean last;
                lock.lock();
                try {
                    awaitWork();
                    group = pending;
                    pending = new ArrayList<>();
                    last = closing;
                } finally {
                    lock.unlock();
                }
                if (!group.isEmpty()) {
                    write(group);
                }
                if (last) {
                    saveCheckpoint();
                    closeActive();
                    return;
                }
                if (checkpointDue.get() && System.nanoTime() - nextCheckpointNanos >= 0) {
                    saveCheckpoint();
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The spool writer in {} stopped on {}; appends fail from now on", settings.directory(),
                    e.toString(), e);
            failPendingAfter(e);
            throw e;
        }
    }

    /** Under the lock: sleeps until there are appends, the spool closes, or a due checkpoint's time has come. */
    private void awaitWork() {
        while (pending.isEmpty() && !closing) {
            try {
                if (!checkpointDue.get()) {
                    wake.await();
                } else {
                    long wait = nextCheckpointNanos - System.nanoTime();
                    if (wait <= 0) {
                        return;
                    }
                    wake.awaitNanos(wait);
                }
            } catch (InterruptedException ignored) {
                // the writer ends only through stop(): an interrupt must not leave appends without an outcome
            }
        }
    }

    private void write(List<PendingAppend> group) {
        List<PendingAppend> run = new ArrayList<>();
        for (PendingAppend append : group) {
            IOException refused = makeRoom(append.size(), run);
            if (refused != null) {
                append.fail(refused);
                continue;
            }
            Segment segment = segments.peekLast();
            if (active == null || segment.bytes > 0 && segment.bytes + append.size() > settings.segmentBytes()) {
                flush(run);
                if (!roll(append.appendedAtMillis)) {
                    append.fail(new IOException("the spool could not start a segment file in "
                            + settings.directory()));
                    continue;
                }
                segment = segments.getLast();
            }
            append.assign(nextSequence++);
            segment.endSequence = nextSequence;
            segment.bytes += append.size();
            bytes += append.size();
            run.add(append);
        }
        flush(run);
        writtenEnd = nextSequence;
        publishedBytes = bytes;
        written.run();
        for (PendingAppend append : group) {
            append.complete();
        }
        try {
            afterEachGroup.run();
        } catch (RuntimeException e) {
            LOG.warn("The spool's after-group step threw {}", e.toString(), e);
        }
    }

    /**
     * Writes the run to the active segment and forces it with {@code fsync}: copied into one direct buffer and written
     * at once (a gathering write of heap buffers would make the JDK copy each into a direct buffer of its own); a run
     * larger than {@link #MAX_WRITE_BUFFER_BYTES} is written record by record. On failure the run's appends fail and
     * the segment is cut back to where the run started (its sequences are given again).
     */
    private void flush(List<PendingAppend> run) {
        if (run.isEmpty()) {
            return;
        }
        long runBytes = 0;
        for (PendingAppend append : run) {
            runBytes += append.size();
        }
        try {
            if (runBytes <= MAX_WRITE_BUFFER_BYTES) {
                writeCopied(run, (int) runBytes);
            } else {
                for (PendingAppend append : run) {
                    writeFully(append.record);
                }
            }
            if (settings.fsync()) {
                active.force(false);
            }
            appendedRecords += run.size();
        } catch (IOException e) {
            Segment segment = segments.getLast();
            LOG.warn("The spool could not write {} records to {}: {}", run.size(), segment.file, e.toString());
            for (PendingAppend append : run) {
                append.fail(e);
            }
            nextSequence = run.get(0).sequence();
            segment.endSequence = nextSequence;
            segment.bytes -= runBytes;
            bytes -= runBytes;
            cutBack(segment);
        }
        run.clear();
    }

    private void writeCopied(List<PendingAppend> run, int runBytes) throws IOException {
        if (writeBuffer.capacity() < runBytes) {
            writeBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(runBytes - 1) << 1);
        }
        writeBuffer.clear();
        for (PendingAppend append : run) {
            writeBuffer.put(append.record.duplicate());
        }
        writeFully(writeBuffer.flip());
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            active.write(buffer);
        }
    }

    private void cutBack(Segment segment) {
        try {
            if (!active.isOpen()) {
                active = FileChannel.open(segment.file, StandardOpenOption.WRITE);
            }
            active.truncate(segment.bytes);
            active.position(segment.bytes);
        } catch (IOException e) {
            LOG.warn("The spool could not cut {} back to {} bytes: {}", segment.file, segment.bytes, e.toString());
        }
    }

    /** Starts a new active segment for the record to come; false when its file cannot be made. */
    private boolean roll(long firstAppendedAtMillis) {
        closeActive();
        Segment segment = new Segment(nextSequence, SegmentFiles.path(settings.directory(), nextSequence));
        segment.firstAppendedAtMillis = firstAppendedAtMillis;
        try {
            active = FileChannel.open(segment.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            LOG.warn("The spool could not create {}: {}", segment.file, e.toString());
            return false;
        }
        if (settings.fsync()) {
            SegmentFiles.forceDirectory(settings.directory());
        }
        segments.add(segment);
        index.add(segment);
        return true;
    }

    /**
     * Frees space for a record of {@code size} bytes: first the acknowledged segments, then, with
     * {@link SpoolFullStrategy#dropOldest}, the oldest ones. Returns why the record is refused, or null.
     */
    private IOException makeRoom(int size, List<PendingAppend> run) {
        if (bytes + size <= settings.maxBytes()) {
            return null;
        }
        deleteAcknowledged(window.frontier(), run.isEmpty());
        if (bytes + size <= settings.maxBytes()) {
            return null;
        }
        if (size > settings.maxBytes() || settings.fullStrategy() == SpoolFullStrategy.reject) {
            return new SpoolFullException("The spool in " + settings.directory() + " is full: it holds " + bytes
                    + " bytes of spoolMaxBytes " + settings.maxBytes() + ", a record of " + size
                    + " bytes does not fit");
        }
        long dropped = 0;
        int dropSegments = 0;
        long heldBytes = bytes;
        while (bytes + size > settings.maxBytes() && !segments.isEmpty()) {
            Segment oldest = segments.getFirst();
            if (segments.size() == 1) {
                flush(run);
                closeActive();
            }
            dropped += window.drop(oldest.firstSequence, oldest.endSequence);
            dropSegments++;
            delete(oldest);
            segments.removeFirst();
        }
        droppedRecords += dropped;
        checkpointDue.set(true);
        LOG.warn("The spool in {} is full ({} bytes of spoolMaxBytes {}): dropped its {} oldest segment(s) with {}"
                + " unacknowledged records", settings.directory(), heldBytes, settings.maxBytes(), dropSegments,
                dropped);
        return null;
    }

    /**
     * Deletes the segments wholly below the frontier, the active one too when {@code activeToo} (a new one starts
     * with the next record).
     */
    private void deleteAcknowledged(long frontier, boolean activeToo) {
        while (!segments.isEmpty() && segments.getFirst().endSequence <= frontier
                && (segments.size() > 1 || activeToo && !segments.getFirst().isEmpty())) {
            if (segments.size() == 1) {
                closeActive();
            }
            delete(segments.removeFirst());
        }
    }

    private void delete(Segment segment) {
        index.remove(segment);
        try {
            Files.deleteIfExists(segment.file);
        } catch (IOException e) {
            LOG.warn("The spool could not delete {}: {}", segment.file, e.toString());
        }
        bytes -= segment.bytes;
        publishedBytes = bytes;
    }

    private void saveCheckpoint() {
        checkpointDue.set(false);
        nextCheckpointNanos = System.nanoTime() + CHECKPOINT_INTERVAL_NANOS;
        long frontier = window.frontier();
        if (frontier == savedFrontier) {
            return;
        }
        try {
            checkpoint.write(frontier);
            savedFrontier = frontier;
        } catch (IOException e) {
            LOG.warn("The spool could not save its checkpoint in {}: {}", settings.directory(), e.toString());
            checkpointDue.set(true);
            return;
        }
        deleteAcknowledged(frontier, false);
    }

    private void closeActive() {
        if (active == null) {
            return;
        }
        try {
            active.close();
        } catch (IOException e) {
            LOG.warn("The spool could not close its active segment: {}", e.toString());
        }
        active = null;
    }

    private void failPendingAfter(Throwable cause) {
        List<PendingAppend> left;
        lock.lock();
        try {
            closing = true;
            left = pending;
            pending = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        for (PendingAppend append : left) {
            append.fail(new IOException("the spool writer stopped", cause));
            append.complete();
        }
    }
}
