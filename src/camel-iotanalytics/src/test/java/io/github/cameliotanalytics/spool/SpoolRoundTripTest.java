package io.github.cameliotanalytics.spool;

import static io.github.cameliotanalytics.spool.SpoolFixture.CHANNEL;
import static io.github.cameliotanalytics.spool.SpoolFixture.appendAndWait;
import static io.github.cameliotanalytics.spool.SpoolFixture.messageId;
import static io.github.cameliotanalytics.spool.SpoolFixture.payload;
import static io.github.cameliotanalytics.spool.SpoolFixture.readAll;
import static io.github.cameliotanalytics.spool.SpoolFixture.recordSize;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRoundTripTest {

    private static final int PAYLOAD = 200;
    /** Three records a segment. */
    private static final long SEGMENT = 3L * recordSize(PAYLOAD);

    private final SpoolFixture fixture = new SpoolFixture();

    @TempDir
    Path directory;

    @Test
    void recordsComeBackInOrderAcrossSegments() throws Exception {
        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            for (int n = 1; n <= 20; n++) {
                assertThat(appendAndWait(spool, n, PAYLOAD)).isEqualTo(n);
            }
            List<SpoolRecord> records = readAll(spool);

            assertThat(records).hasSize(20);
            for (int i = 0; i < 20; i++) {
                SpoolRecord record = records.get(i);
                assertThat(record.sequence()).isEqualTo(i + 1);
                assertThat(record.channelName()).isEqualTo(CHANNEL);
                assertThat(record.messageId()).isEqualTo(messageId(i + 1));
                assertThat(record.payload()).isEqualTo(payload(i + 1, PAYLOAD));
                assertThat(record.appendedAtMillis()).isEqualTo(SpoolFixture.CLOCK.millis());
            }
            assertThat(segmentFiles()).hasSize(7);
            SpoolStatistics statistics = spool.statistics();
            assertThat(statistics.records()).isEqualTo(20);
            assertThat(statistics.appendedRecords()).isEqualTo(20);
            assertThat(statistics.bytes()).isEqualTo(20L * recordSize(PAYLOAD)).isEqualTo(bytesOnDisk());
            assertThat(statistics.oldestAppendedAtMillis()).isEqualTo(SpoolFixture.CLOCK.millis());
        }
    }

    @Test
    void aReopenedSpoolResumesAfterTheAcknowledgedRecordsAndDeletesTheirSegments() throws Exception {
        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            for (int n = 1; n <= 20; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            List<Long> sequences = new ArrayList<>();
            readAll(spool).forEach(record -> sequences.add(record.sequence()));
            List<Long> firstTen = new ArrayList<>(sequences.subList(0, 10));
            Collections.shuffle(firstTen, new Random(25));
            firstTen.forEach(spool::acknowledge);
            spool.acknowledge(10);
            spool.acknowledge(99);

            SpoolStatistics statistics = spool.statistics();
            assertThat(statistics.acknowledgedRecords()).isEqualTo(10);
            assertThat(statistics.records()).isEqualTo(10);
        }
        // segments 1-3, 4-6, 7-9 are below the frontier 11; 10-12 holds unacknowledged records
        assertThat(segmentFiles()).hasSize(4).allSatisfy(file -> assertThat(file.getFileName().toString())
                .isGreaterThanOrEqualTo("segment-00000000000000000010.log"));

        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            List<SpoolRecord> records = readAll(spool);
            assertThat(records).extracting(SpoolRecord::sequence)
                    .containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
            assertThat(records.get(0).messageId()).isEqualTo(messageId(11));
            assertThat(spool.statistics().records()).isEqualTo(10);
            assertThat(appendAndWait(spool, 21, PAYLOAD)).isEqualTo(21);
            assertThat(readAll(spool)).extracting(SpoolRecord::messageId).containsExactly(messageId(21));
        }
    }

    @Test
    void recordsReadButNotAcknowledgedAreReadAgainAfterAReopen() throws Exception {
        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            for (int n = 1; n <= 8; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            assertThat(readAll(spool)).hasSize(8);
            spool.acknowledge(1);
            spool.acknowledge(2);
            spool.acknowledge(5);
            assertThat(spool.statistics().records()).isEqualTo(5);
        }
        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            // at least once: 5 was acknowledged above the frontier 3, so it comes again
            assertThat(readAll(spool)).extracting(SpoolRecord::sequence).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        }
    }

    @Test
    void aSpoolWithoutCheckpointStartsAtItsOldestSegment() throws Exception {
        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            for (int n = 1; n <= 5; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            readAll(spool).forEach(record -> spool.acknowledge(record.sequence()));
        }
        Files.delete(directory.resolve("checkpoint"));
        try (Spool spool = fixture.open(directory, 1L << 30, SEGMENT, SpoolFullStrategy.reject)) {
            // 1-3 was deleted as acknowledged; 4-5 holds acknowledged records that the missing checkpoint forgot
            assertThat(readAll(spool)).extracting(SpoolRecord::sequence).containsExactly(4L, 5L);
            assertThat(appendAndWait(spool, 6, PAYLOAD)).isEqualTo(6);
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws Exception {
        try (Spool spool = fixture.open(directory, 1L << 30, 100, SpoolFullStrategy.reject)) {
            appendAndWait(spool, 1, 10);
            appendAndWait(spool, 2, 5000);
            appendAndWait(spool, 3, 10);
            assertThat(readAll(spool)).extracting(record -> record.payload().length).containsExactly(10, 5000, 10);
            assertThat(segmentFiles()).hasSize(3);
        }
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private long bytesOnDisk() throws Exception {
        long bytes = 0;
        for (Path file : segmentFiles()) {
            bytes += Files.size(file);
        }
        return bytes;
    }
}
