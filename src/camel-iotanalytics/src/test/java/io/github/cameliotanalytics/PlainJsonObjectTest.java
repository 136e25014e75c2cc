package io.github.cameliotanalytics;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path of the payload check must never answer differently from the JSON parser: it may only say "valid"
 * where the parser finds no violation.
 */
class PlainJsonObjectTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", " {} ", "{\"a\":1}", "{\"deviceId\":\"sensor-1\",\"t\":-0.5e+3,\"ok\":true,\"n\":null,\"f\":false}",
            "{\"a\":[1,2,[3,{\"b\":{}}],[]],\"c\":{\"d\":\"x\\\"y\\\\z\\/\\n\\t\"}}", "\n\t{\"_\":0,\"_a\":1E5}\r\n",
            "{\"A\":{\"a\":1},\"b\":{\"A\":2}}" })
    void plainValidObjectsTakeTheFastPath(String json) {
        assertThat(PlainJsonObject.isValid(bytes(json))).isTrue();
        assertThat(MessageRules.checkPayloadWithParser(bytes(json))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1,\"A\":2}", "{\"bad-name\":1}", "{\"a_b\":1}", "{\"1a\":1}", "{\"\":1}", "{\"a\":01}",
            "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":1,}",
            "{\"a\":[1,]}", "{\"a\":1} {\"b\":2}", "{\"a\":1}x", "{\"a\":\"\\u0041\"}", "{\"a\":\"caf\u00e9\"}",
            "{\"a\":\"tab\there\"}", "{\"a\":\"\\x\"}", "{\"a\":1", "{\"a\"", "{\"a\":", "{'a':1}", "{a:1}",
            "{\"a\":NaN}", "{\"a\":1 2}", "{\"a\\u0062\":1}" })
    void everythingElseGoesToTheParser(String json) {
        assertThat(PlainJsonObject.isValid(bytes(json))).isFalse();
        assertThat(MessageRules.checkPayload(bytes(json))).isEqualTo(MessageRules.checkPayloadWithParser(bytes(json)));
    }

    @Test
    void largeAndDeepObjectsGoToTheParser() {
        StringBuilder large = new StringBuilder("{");
        for (int i = 0; i < PlainJsonObject.MAX_LINEAR_NAMES + 1; i++) {
            large.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        assertThat(PlainJsonObject.isValid(bytes(large + "}"))).isFalse();
        assertThat(MessageRules.checkPayload(bytes(large + "}"))).isNull();
        String deep = "{\"a\":".repeat(PlainJsonObject.MAX_DEPTH + 1) + "1" + "}".repeat(PlainJsonObject.MAX_DEPTH + 1);
        assertThat(PlainJsonObject.isValid(bytes(deep))).isFalse();
        assertThat(MessageRules.checkPayload(bytes(deep))).isNull();
    }

    /** Random objects, many of them broken on purpose, then mutated byte by byte: both paths agree on every one. */
    @Test
    void agreesWithTheParserOnGeneratedPayloads() {
        SplittableRandom random = new SplittableRandom(20261126);
        int fastPath = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder json = new StringBuilder();
            object(json, random, 0);
            byte[] payload = bytes(json.toString());
            if (random.nextInt(3) == 0) {
                payload = mutate(payload, random);
            }
            String expected = MessageRules.checkPayloadWithParser(payload);
            boolean fast = PlainJsonObject.isValid(payload);
            if (fast) {
                fastPath++;
                assertThat(expected).as(new String(payload, StandardCharsets.ISO_8859_1)).isNull();
            }
            assertThat(MessageRules.checkPayload(payload)).as(new String(payload, StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
        }
        // the generator must exercise the fast path too
        assertThat(fastPath).isGreaterThan(5_000);
    }

    private static final String[] NAMES = { "a", "A", "temp", "Temp", "TEMP", "deviceId", "deviceid", "_", "_x", "x_y",
        "x1_y", "b-c", "", "1a", "__a", "caf\u00e9", "ok", "value_2", "t" };
    private static final String[] SCALARS = { "0", "-0", "1", "-12.5", "3e8", "1E-2", "2.5e+3", "true", "false", "null",
        "\"\"", "\"s\"", "\"a\\\"b\"", "\"\\n\\t\\\\\"", "\"\\u00e9\"", "\"\u00e9\"", "01", "1.", "-", ".5", "+1",
        "\"unterminated", "tru", "nul", "1e", "NaN" };

    private static void object(StringBuilder json, SplittableRandom random, int depth) {
        json.append(random.nextInt(20) == 0 ? " { " : "{");
        int fields = random.nextInt(depth == 0 ? 12 : 4);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                json.append(random.nextInt(10) == 0 ? " , " : ",");
            }
            json.append('"').append(NAMES[random.nextInt(NAMES.length)]).append(random.nextInt(4) == 0 ? f : "")
                    .append("\":");
            value(json, random, depth);
        }
        json.append('}');
    }

    private static void value(StringBuilder json, SplittableRandom random, int depth) {
        int kind = random.nextInt(10);
        if (kind == 0 && depth < 4) {
            object(json, random, depth + 1);
        } else if (kind == 1 && depth < 4) {
            json.append('[');
            int items = random.nextInt(4);
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    json.append(',');
                }
                value(json, random, depth + 1);
            }
            json.append(']');
        } else {
            // mostly valid scalars, sometimes broken ones
            int pick = random.nextInt(4) == 0 ? random.nextInt(SCALARS.length) : random.nextInt(14);
            json.append(SCALARS[pick]);
        }
    }

    private static byte[] mutate(byte[] payload, SplittableRandom random) {
        byte[] copy = payload.clone();
        int changes = 1 + random.nextInt(3);
        byte[] alphabet = bytes("{}[]\",:. -+0123456789eEtrufalsn\\_aAbB\t\n");
        for (int c = 0; c < changes && copy.length > 1; c++) {
            int at = random.nextInt(copy.length);
            switch (random.nextInt(3)) {
                case 0 -> copy[at] = alphabet[random.nextInt(alphabet.length)];
                case 1 -> {
                    byte[] shorter = new byte[copy.length - 1];
                    System.arraycopy(copy, 0, shorter, 0, at);
                    System.arraycopy(copy, at + 1, shorter, at, copy.length - at - 1);
                    copy = shorter;
                }
                default -> copy[at] = (byte) random.nextInt(256);
            }
        }
        return copy;
    }
}
