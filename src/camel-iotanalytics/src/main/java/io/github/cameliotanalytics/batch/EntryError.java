package io.github.cameliotanalytics.batch;

/**
 * One message the service refused in an answer; {@code errorCode} may be {@code null} (the model does not require it).
 */
public record EntryError(String messageId, String errorCode, String errorMessage) {
}
