package io.github.cameliotanalytics.spool;

import static io.github.cameliotanalytics.spool.SpoolFixture.appendAndWait;
import static io.github.cameliotanalytics.spool.SpoolFixture.messageId;
import static io.github.cameliotanalytics.spool.SpoolFixture.payload;
import static io.github.cameliotanalytics.spool.SpoolFixture.readAll;
import static io.github.cameliotanalytics.spool.SpoolFixture.recordSize;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool opened on files cut or damaged by a crash. */
class SpoolRecoveryTest {

    private static final int RECORDS = 5;
    private static final int PAYLOAD = 200;

    private final SpoolFixture fixture = new SpoolFixture();

    @TempDir
    Path original;
    @TempDir
    Path copies;

    @Test
    void aSegmentCutAtAnyByteOfItsLastRecordKeepsTheRecordsBefore() throws Exception {
        Path segment = writeRecords();
        long fileSize = Files.size(segment);
        long lastStart = fileSize - recordSize(PAYLOAD);

        for (long cut = lastStart; cut <= fileSize; cut++) {
            Path directory = Files.createDirectory(copies.resolve("cut-" + cut));
            Files.copy(original.resolve("checkpoint"), directory.resolve("checkpoint"));
            Path copy = Files.copy(segment, directory.resolve(segment.getFileName()));
            try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
                file.setLength(cut);
            }
            boolean torn = cut > lastStart && cut < fileSize;
            int intact = cut == fileSize ? RECORDS : RECORDS - 1;

            try (Spool spool = fixture.openWithoutForce(directory)) {
                assertThat(spool.statistics().tornRecords()).as("torn records at cut %d", cut).isEqualTo(torn ? 1 : 0);
                List<SpoolRecord> records = readAll(spool);
                assertThat(records).as("records at cut %d", cut).hasSize(intact);
                for (int i = 0; i < intact; i++) {
                    assertThat(records.get(i).sequence()).isEqualTo(i + 1);
                    assertThat(records.get(i).messageId()).isEqualTo(messageId(i + 1));
                    assertThat(records.get(i).payload()).isEqualTo(payload(i + 1, PAYLOAD));
                }
                assertThat(Files.size(copy)).isEqualTo(cut == fileSize ? fileSize : lastStart);

                assertThat(appendAndWait(spool, 100, PAYLOAD)).isEqualTo(intact + 1);
                assertThat(readAll(spool)).extracting(SpoolRecord::messageId).containsExactly(messageId(100));
            }
        }
    }

    @Test
    void aFlippedByteEndsTheSegmentAtTheDamagedRecord() throws Exception {
        Path segment = writeRecords();
        long thirdStart = 2L * recordSize(PAYLOAD);
        flipByte(segment, thirdStart + recordSize(PAYLOAD) / 2);

        try (Spool spool = fixture.open(original)) {
            assertThat(spool.statistics().tornRecords()).isEqualTo(1);
            assertThat(readAll(spool)).extracting(SpoolRecord::sequence).containsExactly(1L, 2L);
            assertThat(Files.size(segment)).isEqualTo(thirdStart);
            assertThat(appendAndWait(spool, 100, PAYLOAD)).isEqualTo(3);
            assertThat(readAll(spool)).extracting(SpoolRecord::messageId).containsExactly(messageId(100));
        }
    }

    @Test
    void aDamagedLengthEndsTheSegmentAtTheDamagedRecord() throws Exception {
        Path segment = writeRecords();
        long fourthStart = 3L * recordSize(PAYLOAD);
        flipByte(segment, fourthStart);

        try (Spool spool = fixture.open(original)) {
            assertThat(spool.statistics().tornRecords()).isEqualTo(1);
            assertThat(readAll(spool)).extracting(SpoolRecord::sequence).containsExactly(1L, 2L, 3L);
            assertThat(Files.size(segment)).isEqualTo(fourthStart);
        }
    }

    @Test
    void aDamagedCheckpointMakesTheSpoolStartAtItsOldestSegment() throws Exception {
        writeRecords();
        Files.write(original.resolve("checkpoint"), new byte[] {1, 2, 3});

        try (Spool spool = fixture.open(original)) {
            assertThat(readAll(spool)).hasSize(RECORDS);
        }
    }

    @Test
    void aLeftOverTemporaryCheckpointIsIgnored() throws Exception {
        writeRecords();
        Files.copy(original.resolve("checkpoint"), original.resolve("checkpoint.tmp"),
                StandardCopyOption.REPLACE_EXISTING);
        try (Spool spool = fixture.open(original)) {
            assertThat(readAll(spool)).hasSize(RECORDS);
        }
    }

    /** Writes the records into one segment of {@link #original} and closes the spool; returns the segment. */
    private Path writeRecords() throws Exception {
        try (Spool spool = fixture.open(original)) {
            for (int n = 1; n <= RECORDS; n++) {
                appendAndWait(spool, n, PAYLOAD);
            }
        }
        Path segment = original.resolve("segment-00000000000000000001.log");
        assertThat(Files.size(segment)).isEqualTo((long) RECORDS * recordSize(PAYLOAD));
        return segment;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile access = new RandomAccessFile(file.toFile(), "rw")) {
            access.seek(offset);
            int value = access.read();
            access.seek(offset);
            access.write(value ^ 0x40);
        }
    }
}
