package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.NoTypeConversionAvailableException;

/**
 * Turns a message body into the bytes of a payload: {@code byte[]} as it is, {@code ByteBuffer} (its remaining bytes),
 * {@code String} (UTF-8), {@code InputStream} (read to the end), {@code Map}, {@code List} and Jackson trees (JSON), and
 * anything else through Camel's type converters.
 */
final class PayloadConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadConverter() {
    }

    static byte[] toPayload(Exchange exchange, Object body) throws InvalidPayloadException {
        try {
            if (body instanceof byte[] bytes) {
                return bytes;
            }
            if (body instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            if (body instanceof ByteBuffer buffer) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                return bytes;
            }
            if (body instanceof InputStream in) {
                return in.readAllBytes();
            }
            if (body instanceof Map || body instanceof Iterable || body instanceof TreeNode) {
                return JSON.writeValueAsBytes(body);
            }
            if (body == null) {
                throw new InvalidPayloadException(exchange, byte[].class);
            }
            return exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
        } catch (IOException | NoTypeConversionAvailableException e) {
            throw new InvalidPayloadException(exchange, byte[].class, exchange.getMessage(), e);
        }
    }

    /** Whether the body is a list of messages rather than one message. */
    static boolean isCollection(Object body) {
        return body instanceof Iterable && !(body instanceof TreeNode) && !(body instanceof java.nio.file.Path);
    }
}
