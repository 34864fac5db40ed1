package io.echopush.support;

/** UTF-8 sizes without encoding. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8. Each surrogate counts 2, so a pair counts 4 even when
     * the text arrives split between two parts of a message.
     */
    public static int length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
