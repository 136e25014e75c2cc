package io.github.cameliotanalytics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The rules AWS IoT Analytics applies to one message of a BatchPutMessage call: the messageId constraints of the API
 * model, the 128 KB message quota, and the documented field-name rules for JSON payloads.
 * <p>
 * Shared by the producer ({@code validatePayload=true}) and the emulator, so that both reject the same messages with
 * the same words. Each check returns {@code null} when the message is valid, else a sentence naming the rule broken.
 */
public final class MessageRules {

    /** Largest payload accepted, in bytes (the published quota of 128 KB per message). */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    /** Longest messageId accepted (API model: 1 to 128 ASCII characters). */
    public static final int MAX_MESSAGE_ID_LENGTH = 128;
    /** Longest JSON field name accepted. */
    public static final int MAX_FIELD_NAME_LENGTH = 255;
    /** Most messages per BatchPutMessage call (not adjustable). */
    public static final int MAX_MESSAGES_PER_BATCH = 100;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private MessageRules() {
    }

    /** Checks a messageId: 1 to 128 characters, ASCII only. */
    public static String checkMessageId(String messageId) {
        if (messageId == null || messageId.isEmpty()) {
            return "messageId must not be empty";
        }
        if (messageId.length() > MAX_MESSAGE_ID_LENGTH) {
            return "messageId is " + messageId.length() + " characters long, more than the " + MAX_MESSAGE_ID_LENGTH
                   + " allowed";
        }
        for (int i = 0; i < messageId.length(); i++) {
            if (messageId.charAt(i) > 0x7F) {
                return "messageId must contain only ASCII characters (non-ASCII character at index " + i + ")";
            }
        }
        return null;
    }

    /**
     * Checks a payload: at most 128 KB and, when it is a JSON object, field names that follow the documented rules at
     * every level of nesting. A payload that is not a well-formed JSON object is opaque binary data and only its size
     * is checked.
     */
    public static String checkPayload(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return "payload is " + payload.length + " bytes, more than the " + MAX_PAYLOAD_BYTES + " bytes (128 KB) allowed";
        }
        return looksLikeJsonObject(payload) ? checkJsonFieldNames(payload) : null;
    }

    /** Checks one field name: pattern {@code ^[A-Za-z_]([A-Za-z0-9]*|[A-Za-z0-9][A-Za-z0-9_]*)$}, at most 255 chars. */
    public static String checkFieldName(String name) {
        if (name.isEmpty()) {
            return "field name must not be empty";
        }
        if (name.length() > MAX_FIELD_NAME_LENGTH) {
            return "field name '" + abbreviate(name) + "' is " + name.length() + " characters long, more than the "
                   + MAX_FIELD_NAME_LENGTH + " allowed";
        }
        char first = name.charAt(0);
        if (!(isLetter(first) || first == '_')) {
            return "field name '" + name + "' must begin with a letter or a single underscore";
        }
        if (name.length() > 1 && name.charAt(1) == '_') {
            return "field name '" + name + "' must have a letter or digit as its second character"
                   + " (rule ^[A-Za-z_]([A-Za-z0-9]*|[A-Za-z0-9][A-Za-z0-9_]*)$)";
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return "field name '" + name + "' contains '" + c
                       + "': only ASCII letters, digits and underscores are allowed";
            }
        }
        return null;
    }

    private static String checkJsonFieldNames(byte[] payload) {
        String violation = null;
        try (JsonParser parser = JSON.createParser(payload)) {
            List<Set<String>> namesPerObject = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    namesPerObject.add(null);
                } else if (token == JsonToken.END_OBJECT) {
                    namesPerObject.remove(namesPerObject.size() - 1);
                } else if (token == JsonToken.FIELD_NAME && violation == null) {
                    String name = parser.currentName();
                    violation = checkFieldName(name);
                    if (violation == null) {
                        violation = checkDuplicate(namesPerObject, name);
                    }
                }
            }
        } catch (IOException notJson) {
            return null;
        }
        return violation;
    }

    private static String checkDuplicate(List<Set<String>> namesPerObject, String name) {
        int top = namesPerObject.size() - 1;
        Set<String> seen = namesPerObject.get(top);
        if (seen == null) {
            seen = new HashSet<>();
            namesPerObject.set(top, seen);
        }
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
            return "field name '" + name + "' duplicates another field of the same object (names are case-insensitive)";
        }
        return null;
    }

    private static boolean looksLikeJsonObject(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String name) {
        return name.substring(0, 32) + "...";
    }
}
