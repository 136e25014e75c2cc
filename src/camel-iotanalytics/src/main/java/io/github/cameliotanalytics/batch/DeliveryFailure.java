package io.github.cameliotanalytics.batch;

/**
 * Why a message was not delivered.
 *
 * @param errorCode    the service's error code ({@code InvalidRequestException}...) or one of the producer's codes
 * @param errorMessage a sentence for people
 * @param entryError   whether the service (or the producer's validation) rejected this message alone, rather than the
 *                     whole call failing or the message timing out
 * @param cause        the exception behind it, if any
 */
public record DeliveryFailure(String errorCode, String errorMessage, boolean entryError, Throwable cause) {

    /** Error code of a message that waited longer than maxBlockTime for room in the buffer. */
    public static final String BUFFER_FULL = "BufferFull";
    /** Error code of a message whose outcome was not known within deliveryTimeout. */
    public static final String DELIVERY_TIMEOUT = "DeliveryTimeout";
    /** Error code of a message still pending or in flight when the producer stopped. */
    public static final String PRODUCER_STOPPED = "ProducerStopped";
    /** Error code of a message that the producer rejected before sending it (validatePayload, body conversion). */
    public static final String INVALID_MESSAGE = "InvalidRequestException";
    /** Error code of a message the service refused with an error entry that carried no errorCode. */
    public static final String UNKNOWN_ENTRY_ERROR = "UnknownEntryError";

    public static DeliveryFailure rejected(String errorCode, String errorMessage) {
        return new DeliveryFailure(errorCode, errorMessage, true, null);
    }

    public static DeliveryFailure of(String errorCode, String errorMessage, Throwable cause) {
        return new DeliveryFailure(errorCode, errorMessage, false, cause);
    }
}
