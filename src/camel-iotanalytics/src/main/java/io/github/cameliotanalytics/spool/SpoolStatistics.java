package io.github.cameliotanalytics.spool;

/**
 * A snapshot of a spool.
 *
 * @param bytes                  what the spool's segment files take on disk
 * @param records                records appended and not yet acknowledged
 * @param oldestAppendedAtMillis when the oldest unacknowledged record was appended (epoch ms), or -1 when there is none;
 *                               exact once that record was read, before that (after a restart, or while the reader
 *                               lags) when the first record of its segment was appended
 * @param appendedRecords        records appended since the spool was opened
 * @param acknowledgedRecords    records acknowledged since the spool was opened
 * @param droppedRecords         records dropped unacknowledged by {@link SpoolFullStrategy#dropOldest} since it was
 *                               opened
 * @param tornRecords            damaged records found and skipped when the spool was opened (a torn last record after
 *                               a crash)
 */
public record SpoolStatistics(long bytes, long records, long oldestAppendedAtMillis, long appendedRecords,
        long acknowledgedRecords, long droppedRecords, long tornRecords) {
}
