package io.github.cameliotanalytics.emulator;

import java.io.IOException;
import java.io.OutputStream;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import io.github.cameliotanalytics.emulator.WireShapes.ErrorBody;

/** Writes answers: every one carries {@code x-amzn-RequestId}; errors also carry {@code x-amzn-ErrorType}. */
final class Responses {

    static final String REQUEST_ID = "x-amzn-RequestId";
    static final String ERROR_TYPE = "x-amzn-ErrorType";

    private Responses() {
    }

    /** Sends a body as JSON, or no body when it is {@code null}. */
    static void send(HttpExchange exchange, String requestId, int status, Object body) {
        send(exchange, requestId, status, body == null ? null : Json.write(body), null);
    }

    static void sendError(HttpExchange exchange, String requestId, ApiException exception) {
        ServiceError error = exception.error();
        ErrorBody body = new ErrorBody(error.code(), exception.getMessage(),
                exception.extraMembers().get("resourceId"), exception.extraMembers().get("resourceArn"));
        send(exchange, requestId, error.httpStatus(), Json.write(body), error.code());
    }

    private static void send(HttpExchange exchange, String requestId, int status, byte[] json, String errorType) {
        Headers headers = exchange.getResponseHeaders();
        headers.set(REQUEST_ID, requestId);
        if (errorType != null) {
            headers.set(ERROR_TYPE, errorType);
        }
        try {
            if (json == null || exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                headers.set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, json.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(json);
                }
            }
        } catch (IOException clientGone) {
            // the client closed the connection: nobody is left to answer
        } finally {
            exchange.close();
        }
    }
}
