package io.github.cameliotanalytics.emulator;

import java.util.List;

/** Where accepted messages are also written, besides memory. */
interface MessageJournal {

    /** A journal that writes nothing. */
    MessageJournal NONE = new MessageJournal() {
        @Override
        public void append(String channel, List<StoredMessage> messages) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void closeFiles() {
        }
    };

    void append(String channel, List<StoredMessage> messages);

    /** Writes what is buffered. */
    void flush();

    /** Flushes and closes the open files; a later {@link #append} opens them again. */
    void closeFiles();
}
