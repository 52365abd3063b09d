package io.logwarden.upload;

import io.logwarden.web.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What an upload may contain. A log is text: a NUL byte never occurs in one (the rule git and {@code file} use),
 * and a text log in another 8-bit encoding has a few bytes that are not UTF-8, not most of them. Binary content
 * is refused (415) before a single line reaches the pipeline, so it cannot fill the template set and the database.
 * Lines keep at most {@code logwarden.tail.max-line-length} bytes, the limit tailing applies.
 */
public final class UploadContent {

    /** Above this share of undecodable bytes, content is not a text log (a Latin-1 log has a few per cent at most). */
    static final double MAX_INVALID_SHARE = 0.10;

    private UploadContent() {
    }

    /** Reads the whole content once and refuses it when it is binary. */
    public static void checkText(InputStream in, String name) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[64 * 1024];
        ByteBuffer bytes = ByteBuffer.allocate(chunk.length + 8);
        CharBuffer chars = CharBuffer.allocate(chunk.length + 8);
        long total = 0;
        long invalid = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                if (chunk[i] == 0) {
                    throw binary(name, "it contains NUL bytes at byte " + (total + i));
                }
            }
            total += n;
            bytes.put(chunk, 0, n).flip();
            while (true) {
                chars.clear();
                CoderResult result = decoder.decode(bytes, chars, false);
                if (result.isError()) {
                    invalid += result.length();
                    bytes.position(bytes.position() + result.length());
                } else if (!result.isOverflow()) {
                    break;
                }
            }
            bytes.compact();
        }
        if (total > 0 && invalid > 0 && (double) invalid / total > MAX_INVALID_SHARE) {
            throw binary(name, String.format("%.0f%% of its bytes are not UTF-8", 100.0 * invalid / total));
        }
    }

    private static ApiException binary(String name, String why) {
        return new ApiException(415, "binary_content", ApiException.shorten(name) + " is not a text log: " + why
                + "; upload log files as text (UTF-8)");
    }

    /** Passes content through with every line cut to {@code maxLineBytes} bytes (the rest up to its newline is skipped). */
    public static final class LineLimit extends FilterInputStream {
        private final int maxLineBytes;
        private long inLine;
        private long truncated;
        private boolean skipping;

        public LineLimit(InputStream in, int maxLineBytes) {
            super(in);
            this.maxLineBytes = maxLineBytes;
        }

        /** Lines that were longer than the limit. */
        public long truncated() {
            return truncated;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                int n = super.read(b, off, len);
                if (n <= 0) {
                    return n;
                }
                int out = off;
                for (int i = off; i < off + n; i++) {
                    byte c = b[i];
                    if (c == '\n') {
                        inLine = 0;
                        skipping = false;
                        b[out++] = c;
                    } else if (skipping) {
                        // dropped: the rest of an over-long line
                    } else if (++inLine > maxLineBytes) {
                        skipping = true;
                        truncated++;
                    } else {
                        b[out++] = c;
                    }
                }
                if (out > off) {
                    return out - off;
                }
            }
        }
    }
}
