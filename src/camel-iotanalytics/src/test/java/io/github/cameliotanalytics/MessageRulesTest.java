package io.github.cameliotanalytics;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRulesTest {

    private static String check(String json) {
        return MessageRules.checkPayload(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "temp_01", "_temp_01", "_", "a", "Temp01", "t1_2_3", "A" })
    void validFieldNames(String name) {
        assertThat(MessageRules.checkFieldName(name)).isNull();
        assertThat(check("{\"" + name + "\":1}")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "temp-01", "01_temp", "__temp_01", "a_b", "t\u00e9mp", "temp 01", "" })
    void invalidFieldNames(String name) {
        assertThat(MessageRules.checkFieldName(name)).isNotNull().contains("field name");
        assertThat(check("{\"" + name + "\":1}")).isNotNull();
    }

    @Test
    void fieldNamesAtMost255Characters() {
        assertThat(MessageRules.checkFieldName("a".repeat(255))).isNull();
        assertThat(MessageRules.checkFieldName("a".repeat(256))).contains("256 characters");
    }

    @Test
    void nestedObjectsAndArraysAreChecked() {
        assertThat(check("{\"ok\":{\"bad-name\":1}}")).contains("bad-name");
        assertThat(check("{\"ok\":[{\"x\":1},{\"bad-name\":2}]}")).contains("bad-name");
        assertThat(check("{\"ok\":{\"inner\":1},\"other\":[1,2,{\"fine\":true}]}")).isNull();
    }

    @Test
    void duplicatesAreCaseInsensitiveWithinOneObject() {
        assertThat(check("{\"foo\":1,\"FOO\":2}")).contains("FOO").contains("case-insensitive");
        assertThat(check("{\"foo\":{\"foo\":1},\"bar\":{\"FOO\":2}}")).isNull();
    }

    @Test
    void duplicatesAreFoundInLargeObjectsAndAfterNestedOnes() {
        StringBuilder large = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            large.append("\"field_").append(i).append("\":").append(i).append(',');
        }
        assertThat(check(large + "\"last\":0}")).isNull();
        assertThat(check(large + "\"FIELD_3\":0}")).contains("FIELD_3").contains("case-insensitive");
        assertThat(check(large + "\"FIELD_33\":0}")).contains("FIELD_33");
        // a large object's names do not leak into the next object at the same depth
        assertThat(check("{\"a\":" + large + "\"last\":0},\"b\":{\"field_1\":1,\"field_30\":2}}")).isNull();
        assertThat(check("{\"x\":1,\"inner\":{\"x\":2,\"y\":{\"x\":3}},\"X\":4}")).contains("'X'");
        assertThat(check("{\"x\":1,\"inner\":" + large + "\"x\":0},\"y\":2}")).isNull();
        // every root value is an object of its own
        assertThat(check("{\"a\":1} {\"A\":2}")).isNull();
    }

    @Test
    void theFirstBrokenRuleIsReportedAndTheRestMustStillBeJson() {
        assertThat(check("{\"bad-name\":1,\"a\":1,\"A\":2}")).contains("bad-name");
        assertThat(check("{\"bad-name\":1,\"a\":")).isNull();
    }

    @Test
    void payloadsThatAreNotJsonObjectsAreOpaque() {
        assertThat(check("[{\"bad-name\":1}]")).isNull();
        assertThat(check("{not json")).isNull();
        assertThat(MessageRules.checkPayload(new byte[] { 0, 1, 2, (byte) 0xFF })).isNull();
        assertThat(check("  \n{\"bad-name\":1}")).contains("bad-name");
    }

    @Test
    void payloadAtMost128KiB() {
        assertThat(MessageRules.checkPayload(new byte[128 * 1024])).isNull();
        assertThat(MessageRules.checkPayload(new byte[128 * 1024 + 1])).contains("131073 bytes");
    }

    @Test
    void messageIds() {
        assertThat(MessageRules.checkMessageId("a")).isNull();
        assertThat(MessageRules.checkMessageId("x".repeat(128))).isNull();
        assertThat(MessageRules.checkMessageId("x".repeat(129))).contains("129 characters");
        assertThat(MessageRules.checkMessageId("")).contains("empty");
        assertThat(MessageRules.checkMessageId(null)).contains("empty");
        assertThat(MessageRules.checkMessageId("caf\u00e9")).contains("ASCII");
    }
}
