package io.stepcast.runtime.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: the JDK's {@code new String(bytes, UTF_8)} silently replaces what is not UTF-8, and
 * Java strings may hold unpaired surrogates (a JSON escape such as {@code "\\udc00"} makes one) that
 * no UTF-8 writer can encode. Input is held to the standard here, so that nothing the job writes back
 * can fail to encode.
 */
public final class Utf8 {
    private Utf8() {}

    /** The text of {@code bytes}, or an {@link InvalidEventException} when they are not UTF-8. */
    public static String decode(byte[] bytes) throws InvalidEventException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(
                    DeadLetterReason.INVALID_UTF8, "the record's bytes are not UTF-8: " + e.getMessage());
        }
    }

    /** Whether {@code bytes} are UTF-8. */
    public static boolean isValid(byte[] bytes) {
        try {
            decode(bytes);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    /** Whether {@code text} has no unpaired surrogate, so it encodes to UTF-8 as it is. */
    public static boolean isWellFormed(CharSequence text) {
        return StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .canEncode(text);
    }

    /** {@code text} with each unpaired surrogate replaced by U+FFFD, for messages that quote input. */
    public static String wellFormed(String text) {
        if (isWellFormed(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** How many bytes {@code text} takes in UTF-8 (an unpaired surrogate counted as the three of U+FFFD). */
    public static int length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
