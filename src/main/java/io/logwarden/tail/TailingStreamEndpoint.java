package io.logwarden.tail;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.stream.StreamEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's stream endpoint, except that {@code stream:file?...&scanStream=true} consumers are
 * Logwarden's {@link FileTailConsumer}. Producers, the other stream kinds and one-shot file reads are
 * Camel's unchanged. Adds three options for the file scan mode: {@code startFrom} (end|beginning, for a
 * file with no stored position), {@code quietPeriod} (ms before an unterminated last line is handed out)
 * and {@code maxLineLength} (bytes kept of an over-long line). Camel's own {@code groupLines} keeps its meaning,
 * N lines per exchange, with a {@link LineChunk} as the body (line numbers and acknowledgements kept per line) instead
 * of a list of strings; a chunk also ends with the last line of a read, and when the reader pauses.
 */
public class TailingStreamEndpoint extends StreamEndpoint {

    static final long DEFAULT_POLL_MS = 250;
    private static final Logger log = LoggerFactory.getLogger(TailingStreamEndpoint.class);

    private String startFrom = "beginning";
    private long quietPeriod = 2000;
    private int maxLineLength = 64 * 1024;

    public TailingStreamEndpoint(String endpointUri, Component component) throws Exception {
        super(endpointUri, component);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (!"file".equals(getKind()) || !isScanStream()) {
            return super.createConsumer(processor);
        }
        if (getFileName() == null || getFileName().isBlank()) {
            throw new IllegalArgumentException("stream:file needs a fileName option: the path of the log file to follow");
        }
        StartFrom.parse(startFrom); // fail at route creation, not in the reader thread
        if (isRetry() || isFileWatcher()) {
            log.info("stream:file {}: retry/fileWatcher are not needed and ignored; rotation and truncation are followed anyway",
                    getFileName());
        }
        TailingStreamComponent owner = (TailingStreamComponent) getComponent();
        FileTailConsumer consumer = new FileTailConsumer(this, processor, owner);
        configureConsumer(consumer);
        return consumer;
    }

    public String getStartFrom() {
        return startFrom;
    }

    public void setStartFrom(String startFrom) {
        this.startFrom = startFrom;
    }

    public long getQuietPeriod() {
        return quietPeriod;
    }

    public void setQuietPeriod(long quietPeriod) {
        if (quietPeriod < 0) {
            throw new IllegalArgumentException("quietPeriod must be >= 0 ms, got " + quietPeriod);
        }
        this.quietPeriod = quietPeriod;
    }

    public int getMaxLineLength() {
        return maxLineLength;
    }

    public void setMaxLineLength(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be >= 1 byte, got " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }
}
