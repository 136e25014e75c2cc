package io.github.cameliotanalytics.bench;

/** An order-independent checksum of a set of messageIds, computed the same way on both sides of the wire. */
final class Ids {

    private Ids() {
    }

    /** A 64-bit hash of a messageId (FNV-1a over its chars, then a murmur3 finalizer). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
