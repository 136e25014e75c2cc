package io.github.cameliotanalytics.spool;

/**
 * Learns what became of one append. Exactly one method is called, once, on the spool's writer thread (on the appending
 * thread, failed, when the spool is closed already): it must be quick (hand anything slow to another thread). An
 * exception it throws is logged and goes no further.
 */
public interface AppendCallback {

    /** The record is written, and forced to the device when the spool forces its writes. */
    void appended(long sequence);

    /** The record was not written: {@link SpoolFullException}, an I/O failure, or the spool is closed. */
    void failed(Throwable cause);
}
