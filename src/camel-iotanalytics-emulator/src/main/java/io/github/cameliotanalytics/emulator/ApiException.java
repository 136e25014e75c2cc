package io.github.cameliotanalytics.emulator;

import java.util.Map;

/** Ends the handling of a call with an AWS-style error answer. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ServiceError error;
    private final Map<String, String> extraMembers;

    ApiException(ServiceError error, String message) {
        this(error, message, Map.of());
    }

    /** An error whose JSON body carries members besides {@code __type} and {@code message}. */
    ApiException(ServiceError error, String message, Map<String, String> extraMembers) {
        super(message, null, false, false);
        this.error = error;
        this.extraMembers = extraMembers;
    }

    static ApiException invalid(String message) {
        return new ApiException(ServiceError.INVALID_REQUEST, message);
    }

    static ApiException serialization(String message) {
        return new ApiException(ServiceError.SERIALIZATION, message);
    }

    ServiceError error() {
        return error;
    }

    Map<String, String> extraMembers() {
        return extraMembers;
    }
}
