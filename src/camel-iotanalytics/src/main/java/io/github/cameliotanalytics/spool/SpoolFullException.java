package io.github.cameliotanalytics.spool;

import java.io.IOException;

/** An append refused because the spool holds {@code spoolMaxBytes} already and its strategy is {@code reject}. */
public class SpoolFullException extends IOException {

    public SpoolFullException(String message) {
        super(message);
    }
}
