package io.github.cameliotanalytics.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import io.github.cameliotanalytics.emulator.WireShapes.ChannelStorage;
import io.github.cameliotanalytics.emulator.WireShapes.RetentionPeriod;

/** One channel: its settings and the messages it holds, oldest first, at most {@code capacity} of them. */
final class Channel {

    private final String name;
    private final String arn;
    private final ChannelStorage storage;
    private final Instant creationTime;
    private final int capacity;
    private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
    private RetentionPeriod retentionPeriod;
    private Instant lastUpdateTime;
    private Instant lastMessageArrivalTime;
    private long storedBytes;

    Channel(String name, String arn, ChannelStorage storage, RetentionPeriod retentionPeriod, Instant creationTime,
            int capacity) {
        this.name = name;
        this.arn = arn;
        this.storage = storage;
        this.retentionPeriod = retentionPeriod;
        this.creationTime = creationTime;
        this.lastUpdateTime = creationTime;
        this.capacity = capacity;
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    ChannelStorage storage() {
        return storage;
    }

    boolean customerManaged() {
        return storage.customerManagedS3() != null;
    }

    Instant creationTime() {
        return creationTime;
    }

    synchronized RetentionPeriod retentionPeriod() {
        return retentionPeriod;
    }

    synchronized Instant lastUpdateTime() {
        return lastUpdateTime;
    }

    synchronized Instant lastMessageArrivalTime() {
        return lastMessageArrivalTime;
    }

    /** The payload bytes of the messages held now. */
    synchronized long storedBytes() {
        return storedBytes;
    }

    synchronized void update(RetentionPeriod newRetentionPeriod, Instant now) {
        retentionPeriod = newRetentionPeriod;
        lastUpdateTime = now;
    }

    /** Appends accepted messages, dropping the oldest beyond the capacity. */
    synchronized void append(List<StoredMessage> accepted, Instant arrival) {
        if (accepted.isEmpty()) {
            return;
        }
        for (StoredMessage message : accepted) {
            messages.addLast(message);
            storedBytes += message.payload().length;
        }
        while (messages.size() > capacity) {
            storedBytes -= messages.removeFirst().payload().length;
        }
        lastMessageArrivalTime = arrival;
    }

    synchronized List<StoredMessage> messages() {
        return List.copyOf(messages);
    }

    /** The latest {@code max} messages received in [{@code from}, {@code to}), oldest first. */
    synchronized List<StoredMessage> latest(int max, Instant from, Instant to) {
        ArrayList<StoredMessage> newestFirst = new ArrayList<>(max);
        Iterator<StoredMessage> iterator = messages.descendingIterator();
        while (iterator.hasNext() && newestFirst.size() < max) {
            StoredMessage message = iterator.next();
            Instant received = message.receivedAt();
            if ((from == null || !received.isBefore(from)) && (to == null || received.isBefore(to))) {
                newestFirst.add(message);
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
