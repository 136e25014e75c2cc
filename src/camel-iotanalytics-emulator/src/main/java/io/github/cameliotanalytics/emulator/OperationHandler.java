package io.github.cameliotanalytics.emulator;

/** Carries out one operation. */
@FunctionalInterface
interface OperationHandler {

    /**
     * Carries out a call.
     *
     * @return the response body to send as JSON with the operation's success status, or {@code null} for no body
     * @throws ApiException to answer with an error
     */
    Object handle(ApiRequest request);
}
