package io.github.cameliotanalytics.spool;

/**
 * One message as the spool holds it: its place in the spool, when it was written, and what is sent. The messageId is
 * written with the message, so a message sent again after a restart carries the same id.
 *
 * @param sequence         the record's place in the spool: increasing by one per record, never reused, also across
 *                         restarts
 * @param appendedAtMillis when the record was appended (epoch milliseconds, from the spool's clock)
 * @param channelName      the channel the message goes to
 * @param messageId        the message's id
 * @param orderKey         the key that orders this message with others (their device, say), or {@code null}
 * @param payload          the message's payload, not copied
 */
public record SpoolRecord(long sequence, long appendedAtMillis, String channelName, String messageId, String orderKey,
        byte[] payload) {
}
