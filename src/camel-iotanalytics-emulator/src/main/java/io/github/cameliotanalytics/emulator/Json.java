package io.github.cameliotanalytics.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads request bodies and writes response bodies. */
final class Json {

    /** Ignores unknown members (like AWS), leaves out null members, rejects content after the top-level value. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private Json() {
    }

    /**
     * Reads a request body; an empty body reads as {@code {}}.
     *
     * @throws ApiException SerializationException when the body is not a JSON object of the expected shape
     */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = MAPPER.readValue(body.length == 0 ? EMPTY_OBJECT : body, type);
            if (value == null) {
                throw ApiException.serialization("The request body must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ApiException.serialization("Could not read the request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
