package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP calls to the emulator, without the SDK, and checks of AWS-style error answers. */
final class RawHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    static HttpResponse<String> send(IoTAnalyticsEmulator emulator, String method, String pathAndQuery, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + pathAndQuery))
                .method(method, publisher)
                .header("Content-Type", "application/json")
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> post(IoTAnalyticsEmulator emulator, String path, String body) {
        return send(emulator, "POST", path, body);
    }

    static HttpResponse<String> get(IoTAnalyticsEmulator emulator, String pathAndQuery) {
        return send(emulator, "GET", pathAndQuery, null);
    }

    /**
     * Asserts an AWS rest-json error: the status, {@code x-amzn-ErrorType}, a UUID {@code x-amzn-RequestId}, and a
     * body with the same {@code __type} and a non-blank {@code message}.
     *
     * @return the body
     */
    static JsonNode assertError(HttpResponse<String> response, int status, String errorType) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(errorType);
        assertRequestId(response);
        JsonNode body = json(response);
        assertThat(body.path("__type").asText()).isEqualTo(errorType);
        assertThat(body.path("message").asText()).isNotBlank();
        return body;
    }

    static void assertRequestId(HttpResponse<String> response) {
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(UUID.fromString(requestId).toString()).isEqualTo(requestId);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
