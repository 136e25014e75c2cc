package io.github.cameliotanalytics;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The rules AWS IoT Analytics applies to one message of a BatchPutMessage call: the messageId constraints of the API
 * model, the 128 KB message quota, and the documented field-name rules for JSON payloads.
 * <p>
 * Used by the producer ({@code validatePayload=true}). The emulator has its own rules, written separately from the
 * model; {@code MessageRulesDifferentialTest} checks that both judge every message alike. Each check returns
 * {@code null} when the message is valid, else a sentence naming the rule broken.
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

    /**
     * No parser limit below the payload's own size: Jackson's defaults (names of 50,000 characters, numbers of 1,000
     * digits, 500 levels of nesting) would make a JSON object that breaks a field-name rule pass as binary data.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNameLength(MAX_PAYLOAD_BYTES)
                    .maxNumberLength(MAX_PAYLOAD_BYTES)
                    .maxNestingDepth(MAX_PAYLOAD_BYTES)
                    .maxStringLength(MAX_PAYLOAD_BYTES)
                    .build())
            .build();

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
     * every level of nesting. A payload that is not exactly one well-formed JSON object (RFC 8259: one value, between
     * whitespace) is opaque binary data and only its size is checked.
     */
    public static String checkPayload(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return "payload is " + payload.length + " bytes, more than the " + MAX_PAYLOAD_BYTES + " bytes (128 KB) allowed";
        }
        if (!looksLikeJsonObject(payload)) {
            return null;
        }
        // the common case, a plain and valid JSON object, is told without a parser; the parser has the last word
        return PlainJsonObject.isValid(payload) ? null : checkJsonFieldNames(payload);
    }

    /** {@link #checkPayload} without its fast path, for the tests that compare the two. */
    static String checkPayloadWithParser(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return checkPayload(payload);
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
            ObjectFieldNames names = new ObjectFieldNames();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                // after a violation the rest is only read to tell whether the payload is one well-formed JSON object
                if (token == JsonToken.START_OBJECT) {
                    names.enterObject();
                } else if (token == JsonToken.END_OBJECT) {
                    names.exitObject();
                    if (parser.getParsingContext().inRoot()) {
                        // a JSON text has one value: anything after it makes the payload binary data
                        return parser.nextToken() == null ? violation : null;
                    }
                } else if (token == JsonToken.FIELD_NAME && violation == null) {
                    String name = parser.currentName();
                    violation = checkFieldName(name);
                    if (violation == null && !names.add(name)) {
                        violation = "field name '" + name
                                    + "' duplicates another field of the same object (names are case-insensitive)";
                    }
                }
            }
        } catch (IOException notJson) {
            return null;
        }
        return violation;
    }

    /**
     * The field names of the objects open at one point of a payload, to find a name used twice in one object, ignoring
     * case. Only names that passed {@link #checkFieldName} are added, so they are ASCII and {@code equalsIgnoreCase}
     * is the comparison of their lower-case forms. An object's first {@value #LINEAR_NAMES} names are compared one by
     * one (no allocation per name); a larger object gets a set of lower-case names.
     */
    private static final class ObjectFieldNames {

        private static final int LINEAR_NAMES = 16;

        private String[] names = new String[LINEAR_NAMES];
        private int size;
        /** For each open object, from the outermost: where its names start in {@code names}. */
        private int[] starts = new int[8];
        /** For each open object with more than LINEAR_NAMES names: all its names in lower case. */
        private Set<String>[] largeObjects;
        private int depth;

        void enterObject() {
            if (depth == starts.length) {
                starts = Arrays.copyOf(starts, depth * 2);
            }
            starts[depth] = size;
            if (largeObjects != null && depth < largeObjects.length) {
                largeObjects[depth] = null;
            }
            depth++;
        }

        void exitObject() {
            depth--;
            size = starts[depth];
            if (largeObjects != null && depth < largeObjects.length) {
                largeObjects[depth] = null;
            }
        }

        /** Adds a name of the innermost open object; false when the object already has it. */
        boolean add(String name) {
            int object = depth - 1;
            int start = starts[object];
            Set<String> large = largeObjects != null && object < largeObjects.length ? largeObjects[object] : null;
            if (large != null) {
                return large.add(name.toLowerCase(Locale.ROOT));
            }
            for (int i = start; i < size; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    return false;
                }
            }
            if (size - start < LINEAR_NAMES) {
                if (size == names.length) {
                    names = Arrays.copyOf(names, size * 2);
                }
                names[size++] = name;
                return true;
            }
            large = new HashSet<>();
            for (int i = start; i < size; i++) {
                large.add(names[i].toLowerCase(Locale.ROOT));
            }
            large.add(name.toLowerCase(Locale.ROOT));
            if (largeObjects == null || object >= largeObjects.length) {
                @SuppressWarnings("unchecked")
                Set<String>[] grown = new Set[Math.max(object + 1, starts.length)];
                if (largeObjects != null) {
                    System.arraycopy(largeObjects, 0, grown, 0, largeObjects.length);
                }
                largeObjects = grown;
            }
            largeObjects[object] = large;
            return true;
        }
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
