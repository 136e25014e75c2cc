package io.github.cameliotanalytics.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A message the emulator accepted into a channel.
 *
 * @param messageId  the messageId the client gave
 * @param payload    the payload bytes, as decoded from the request's base64
 * @param receivedAt when the emulator accepted the call that carried it (millisecond precision)
 */
public record StoredMessage(String messageId, byte[] payload, Instant receivedAt) {

    /** The payload decoded as UTF-8 text. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
