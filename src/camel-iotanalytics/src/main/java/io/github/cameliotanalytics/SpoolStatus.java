package io.github.cameliotanalytics;

import io.github.cameliotanalytics.spool.SpoolStatistics;

/**
 * A snapshot of an endpoint's store and forward: its spool and its forwarder, read by JMX, the dev console and the
 * health check ({@link IoTAnalyticsEndpoint#getSpoolStatus()}).
 *
 * @param spool             the spool's own statistics
 * @param maxBytes          {@code spoolMaxBytes}
 * @param full              whether the spool has no room for another segment file: new messages are refused, or the
 *                          oldest dropped, when the last one fills
 * @param oldestMessageAgeMillis how long ago the oldest message still in the spool was spooled (0 when none)
 * @param forwardedMessages spooled messages delivered since the endpoint started
 * @param forwardRate       spooled messages delivered per second, over about the last second
 * @param heldMessages  spooled messages read and waiting to be sent (again, after a failed delivery)
 * @param deadLetters       spooled messages given up since the endpoint started (refused by the service for good, or
 *                          past spoolRetention)
 */
public record SpoolStatus(SpoolStatistics spool, long maxBytes, boolean full, long oldestMessageAgeMillis,
        long forwardedMessages, double forwardRate, int heldMessages, long deadLetters) {
}
