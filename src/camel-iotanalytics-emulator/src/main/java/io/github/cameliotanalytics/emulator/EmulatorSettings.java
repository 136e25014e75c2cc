package io.github.cameliotanalytics.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The settings of one emulator, as {@link EmulatorSettingsBuilder} collected them.
 *
 * @param accessKeyId     with {@code secretAccessKey}, the only credentials accepted; {@code null} to accept any call
 * @param dataDirectory   where the JSON Lines files go, or {@code null} for none
 * @param seed            the seed of the fault draws, or {@code null} for a random one
 * @param maxRequestBytes the largest request body accepted
 * @param readTimeout     how long a client may take to send a request
 * @param clock           the time the signature check compares X-Amz-Date with
 * @param channelQuota    messages per second per channel, 0 for no quota
 * @param quotaClock      the monotonic nanosecond clock the quota refills by
 */
record EmulatorSettings(String host, int port, String accessKeyId, String secretAccessKey, String region,
                        String accountId, Path dataDirectory, int maxMessagesPerChannel, int maxChannels, Long seed,
                        int maxRequestBytes, Duration readTimeout, Clock clock, int channelQuota,
                        LongSupplier quotaClock) {

    boolean checksSignatures() {
        return accessKeyId != null;
    }
}
