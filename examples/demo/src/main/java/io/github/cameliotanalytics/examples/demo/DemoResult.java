package io.github.cameliotanalytics.examples.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run of the demo did.
 *
 * @param readings        readings the devices took
 * @param badReadings     readings with an invalid field name
 * @param sent            messages delivered, as the producer counted them
 * @param failed          messages not delivered, as the producer counted them
 * @param batches         BatchPutMessage calls made
 * @param meanBatchSize   mean number of messages per call
 * @param rejectedByCode  readings whose exchange carried an error code, by code (counted in the route)
 * @param sample          payloads read back with the sampleChannelData operation
 * @param storedMessages  messages the in-process emulator holds in the channel; -1 without the emulator
 * @param dataFile        the emulator's JSON Lines file of the channel; null without the emulator
 */
public record DemoResult(long readings, long badReadings, long sent, long failed, long batches, double meanBatchSize,
                         Map<String, Long> rejectedByCode, List<String> sample, long storedMessages, Path dataFile) {
}
