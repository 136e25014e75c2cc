package io.github.cameliotanalytics.emulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Timestamps on the wire: epoch seconds in bodies, ISO 8601 (or epoch seconds) in query strings. */
final class Timestamps {

    private Timestamps() {
    }

    /** Epoch seconds with millisecond precision, or {@code null} for {@code null}. */
    static BigDecimal epochSeconds(Instant instant) {
        return instant == null ? null : BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    /**
     * Reads a timestamp query parameter: ISO 8601 as the SDKs send it, or epoch seconds.
     *
     * @throws ApiException SerializationException when it is neither
     */
    static Instant parseQueryValue(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notIso) {
            try {
                BigDecimal seconds = new BigDecimal(value);
                return Instant.ofEpochMilli(seconds.movePointRight(3).toBigInteger().longValueExact());
            } catch (NumberFormatException | ArithmeticException notEpochSeconds) {
                throw ApiException.serialization("Query parameter " + name + " is not a timestamp: " + value);
            }
        }
    }
}
