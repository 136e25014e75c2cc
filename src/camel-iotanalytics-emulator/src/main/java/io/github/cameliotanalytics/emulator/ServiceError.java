package io.github.cameliotanalytics.emulator;

/**
 * The errors the emulator answers with: the exceptions of the IoT Analytics model with the model's HTTP status, then
 * the protocol and authentication errors AWS front ends send for every service.
 */
enum ServiceError {
    INVALID_REQUEST("InvalidRequestException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
    LIMIT_EXCEEDED("LimitExceededException", 410),
    THROTTLING("ThrottlingException", 429),
    INTERNAL_FAILURE("InternalFailureException", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503),

    /** The body is not JSON, or a value has the wrong JSON type. */
    SERIALIZATION("SerializationException", 400),
    /** No operation has this path. */
    UNKNOWN_OPERATION("UnknownOperationException", 404),
    /** An operation has this path, but not with this HTTP method. */
    METHOD_NOT_ALLOWED("UnknownOperationException", 405),
    /** The request body is larger than the emulator accepts. */
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLargeException", 413),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403),
    INVALID_SIGNATURE("InvalidSignatureException", 403),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403);

    private final String code;
    private final int httpStatus;

    ServiceError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The error name sent in {@code x-amzn-ErrorType} and {@code __type}. */
    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }
}
