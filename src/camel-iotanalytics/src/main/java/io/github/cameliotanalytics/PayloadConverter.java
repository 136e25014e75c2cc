package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Turns a message body into the bytes of a payload: {@code byte[]} and {@code SdkBytes} as they are, {@code ByteBuffer} (its remaining bytes),
 * {@code String} and other {@code CharSequence}s (UTF-8), {@code InputStream} (at most 128 KiB + 1 byte are read: a
 * longer stream is refused), {@code Map}, {@code List} and Jackson trees (JSON), and anything else through Camel's type
 * converters.
 */
final class PayloadConverter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A body that gives no payload; the message says why. */
    static final class NoPayloadException extends Exception {
        private static final long serialVersionUID = 1L;

        NoPayloadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PayloadConverter() {
    }

    static byte[] toPayload(Exchange exchange, Object body) throws NoPayloadException {
        if (body == null) {
            throw new NoPayloadException("The body is null: there is no payload to send", null);
        }
        try {
            if (body instanceof byte[] bytes) {
                return bytes;
            }
            if (body instanceof CharSequence text) {
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
            if (body instanceof SdkBytes bytes) {
                return bytes.asByteArrayUnsafe();
            }
            if (body instanceof ByteBuffer buffer) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                return bytes;
            }
            if (body instanceof InputStream in) {
                return readAtMostMaxPayload(in);
            }
            if (body instanceof Map || body instanceof Iterable || body instanceof TreeNode) {
                return JSON.writeValueAsBytes(body);
            }
            return exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
        } catch (NoTypeConversionAvailableException e) {
            throw new NoPayloadException(
                    "Cannot turn a body of type " + body.getClass().getName() + " into a payload: no type converter to byte[]",
                    e);
        } catch (IOException e) {
            throw new NoPayloadException(
                    "Cannot turn a body of type " + body.getClass().getName() + " into a payload: " + e.getMessage(), e);
        }
    }

    private static byte[] readAtMostMaxPayload(InputStream in) throws IOException, NoPayloadException {
        byte[] bytes = in.readNBytes(MessageRules.MAX_PAYLOAD_BYTES + 1);
        if (bytes.length > MessageRules.MAX_PAYLOAD_BYTES) {
            throw new NoPayloadException("The stream is longer than " + MessageRules.MAX_PAYLOAD_BYTES
                                         + " bytes, the largest payload the service takes: it was not read further",
                    null);
        }
        return bytes;
    }

    /** Whether the body is a list of messages rather than one message. */
    static boolean isCollection(Object body) {
        return body instanceof Iterable && !(body instanceof TreeNode) && !(body instanceof Path);
    }
}
