package io.github.cameliotanalytics.spool;

/** What a full spool does with a new message. */
public enum SpoolFullStrategy {
    /** The new message is refused: its append fails with a {@link SpoolFullException}. */
    reject,
    /** The oldest messages are dropped (whole segments, counted and logged) to make room for the new one. */
    dropOldest
}
