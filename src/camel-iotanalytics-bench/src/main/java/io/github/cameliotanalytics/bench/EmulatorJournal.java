package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an emulator started with {@code --data-dir} stored in a channel, read back from {@code <channel>.jsonl}: the
 * messageIds in the order the emulator accepted them (one line per stored message, duplicates included).
 */
final class EmulatorJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> messageIds;

    private EmulatorJournal(List<String> messageIds) {
        this.messageIds = messageIds;
    }

    /** Reads the channel's file, which the emulator flushed at its stop; no file: nothing stored. */
    static EmulatorJournal read(Path dataDirectory, String channel) throws IOException {
        Path file = dataDirectory.resolve(channel + ".jsonl");
        List<String> ids = new ArrayList<>();
        if (Files.exists(file)) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        JsonNode stored = JSON.readTree(line);
                        ids.add(stored.get("messageId").asText());
                    }
                }
            }
        }
        return new EmulatorJournal(ids);
    }

    /** Every stored messageId, in stored order. */
    List<String> messageIds() {
        return messageIds;
    }

    /** How many times each messageId is stored. */
    Map<String, Integer> copies() {
        Map<String, Integer> copies = new HashMap<>(messageIds.size() * 2);
        for (String id : messageIds) {
            copies.merge(id, 1, Integer::sum);
        }
        return copies;
    }
}
