package io.github.cameliotanalytics.batch;

/**
 * A BatchPutMessage call that failed as a whole, classified by whoever made it.
 */
public final class SendFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the engine does with the messages of the call. */
    public enum Kind {
        /** The service asked to slow down: the send window narrows and the messages are sent again after a backoff. */
        THROTTLED,
        /** Worth another attempt after a backoff (5xx answers, I/O errors, timeouts). */
        RETRYABLE,
        /** Not worth another attempt (configuration, credentials, 4xx answers, bugs): the messages fail at once. */
        FATAL
    }

    private final Kind kind;
    private final String errorCode;
    private final boolean mayHaveBeenStored;

    /**
     * @param mayHaveBeenStored whether the service may have stored the messages although the call failed (a timeout or
     *                          a connection lost after the request was written): sending them again may store them twice
     */
    public SendFailure(Kind kind, String errorCode, String errorMessage, boolean mayHaveBeenStored, Throwable cause) {
        super(errorMessage, cause, false, false);
        this.kind = kind;
        this.errorCode = errorCode;
        this.mayHaveBeenStored = mayHaveBeenStored;
    }

    /** A failure that is not a {@code SendFailure}: fatal, with the exception's simple class name as its code. */
    static SendFailure of(Throwable failure) {
        if (failure instanceof SendFailure sendFailure) {
            return sendFailure;
        }
        return new SendFailure(Kind.FATAL, failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()),
                false, failure);
    }

    public Kind kind() {
        return kind;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean mayHaveBeenStored() {
        return mayHaveBeenStored;
    }
}
