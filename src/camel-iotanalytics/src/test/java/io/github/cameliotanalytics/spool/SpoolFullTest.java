package io.github.cameliotanalytics.spool;

import static io.github.cameliotanalytics.spool.SpoolFixture.append;
import static io.github.cameliotanalytics.spool.SpoolFixture.appendAndWait;
import static io.github.cameliotanalytics.spool.SpoolFixture.messageId;
import static io.github.cameliotanalytics.spool.SpoolFixture.readAll;
import static io.github.cameliotanalytics.spool.SpoolFixture.recordSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool at its spoolMaxBytes, with each strategy. */
class SpoolFullTest {

    private static final int PAYLOAD = 200;
    private static final long RECORD = recordSize(PAYLOAD);

    private final SpoolFixture fixture = new SpoolFixture();

    @TempDir
    Path directory;

    @Test
    void rejectRefusesTheNewRecordAndKeepsWhatIsStored() throws Exception {
        try (Spool spool = fixture.open(directory, 10 * RECORD, 3 * RECORD, SpoolFullStrategy.reject)) {
            for (int n = 1; n <= 10; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            assertThatThrownBy(() -> append(spool, 11, PAYLOAD).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SpoolFullException.class)
                    .hasMessageContaining("is full").hasMessageContaining(String.valueOf(10 * RECORD));

            List<SpoolRecord> records = readAll(spool);
            assertThat(records).extracting(SpoolRecord::sequence)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            SpoolStatistics statistics = spool.statistics();
            assertThat(statistics.bytes()).isEqualTo(10 * RECORD);
            assertThat(statistics.droppedRecords()).isZero();
        }
    }

    @Test
    void rejectTakesRecordsAgainOnceTheAcknowledgedSegmentsAreFreed() throws Exception {
        try (Spool spool = fixture.open(directory, 10 * RECORD, 3 * RECORD, SpoolFullStrategy.reject)) {
            for (int n = 1; n <= 10; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            readAll(spool).forEach(record -> spool.acknowledge(record.sequence()));

            assertThat(appendAndWait(spool, 11, PAYLOAD)).isEqualTo(11);
            assertThat(readAll(spool)).extracting(SpoolRecord::messageId).containsExactly(messageId(11));
            assertThat(spool.statistics().bytes()).isLessThanOrEqualTo(10 * RECORD);
        }
    }

    @Test
    void aRecordLargerThanTheSpoolIsRefusedWithEitherStrategy() throws Exception {
        try (Spool spool = fixture.open(directory, 10 * RECORD, 3 * RECORD, SpoolFullStrategy.dropOldest)) {
            appendAndWait(spool, 1, PAYLOAD);
            assertThatThrownBy(() -> append(spool, 2, (int) (11 * RECORD)).get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(SpoolFullException.class);
            assertThat(readAll(spool)).extracting(SpoolRecord::sequence).containsExactly(1L);
        }
    }

    @Test
    void dropOldestDropsTheOldestSegmentsCountsThemAndKeepsTheNewest() throws Exception {
        try (Spool spool = fixture.open(directory, 10 * RECORD, 3 * RECORD, SpoolFullStrategy.dropOldest)) {
            for (int n = 1; n <= 20; n++) {
                assertThat(appendAndWait(spool, n, PAYLOAD)).isEqualTo(n);
            }
            SpoolStatistics statistics = spool.statistics();
            List<SpoolRecord> records = readAll(spool);

            // segments of three: 1-3, 4-6, 7-9 and 10-12 are dropped to make room for 11, 14, 17 and 20
            assertThat(statistics.droppedRecords()).isEqualTo(12);
            assertThat(records).extracting(SpoolRecord::sequence)
                    .containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
            assertThat(records.get(records.size() - 1).messageId()).isEqualTo(messageId(20));
            assertThat(statistics.bytes()).isLessThanOrEqualTo(10 * RECORD);
            assertThat(statistics.records()).isEqualTo(8);
        }
    }

    @Test
    void dropOldestMovesTheReadPositionPastWhatItDropped() throws Exception {
        try (Spool spool = fixture.open(directory, 10 * RECORD, 3 * RECORD, SpoolFullStrategy.dropOldest)) {
            for (int n = 1; n <= 4; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            assertThat(spool.read(2, 0)).extracting(SpoolRecord::sequence).containsExactly(1L, 2L);
            spool.acknowledge(1);
            for (int n = 5; n <= 11; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
            // 1-3 is dropped for 11: 2 and 3 were not acknowledged (2 was read), 1 was
            assertThat(spool.statistics().droppedRecords()).isEqualTo(2);
            assertThat(readAll(spool)).extracting(SpoolRecord::sequence)
                    .containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            spool.acknowledge(2);
            assertThat(spool.statistics().acknowledgedRecords()).isEqualTo(1);
        }
    }
}
