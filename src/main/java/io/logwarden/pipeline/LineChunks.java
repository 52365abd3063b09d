package io.logwarden.pipeline;

import io.logwarden.live.StreamingStats;
import io.logwarden.parse.LineHeaders;
import io.logwarden.parse.LogEvent;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.TemplateDictionary;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.scoring.ScoringProperties;
import io.logwarden.tail.LineAcks;
import io.logwarden.tail.LineChunk;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.Window;
import io.logwarden.window.WindowHeaders;
import io.logwarden.window.WindowKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-line steps of routes/parse.yaml and routes/windows.yaml for a chunk of followed lines
 * (routes/chunks.yaml), in one loop instead of one exchange per line: parse, shared template id, line count,
 * session lines, the window each line completes, its acknowledgement and count. The windows leave as scoring
 * batches of at most {@code logwarden.scoring.batch-size}. Per line Camel's routing (exchange copies, header
 * steps, bean parameter expressions) cost about as much as the parsing itself.
 *
 * <p>A line that fails is counted and logged as routes/errors.yaml does ({@code logwarden_errors_total} with this
 * route's id as stage) and the other lines of its chunk go on. Each line is processed between
 * {@link LineChunk#begin} and {@link LineChunk#end}, so {@link LineAcks} holds its position until its window is
 * scored, exactly as for a line sent alone.
 */
@Component
public class LineChunks {

    private static final Logger log = LoggerFactory.getLogger("io.logwarden.pipeline");
    static final String SESSION_LINES = "direct:session-lines";
    /** The stage a dropped line counts under: the route's id (the exchange comes from a tail route, one per file). */
    static final String STAGE = "parse-chunks";

    private final LogParser parser;
    private final TemplateDictionary dictionary;
    private final StreamingStats stats;
    private final WindowKeys keys;
    private final SlidingWindowStrategy windows;
    private final LineAcks acks;
    private final int batchSize;
    private volatile ProducerTemplate sessions;

    @Autowired
    public LineChunks(LogParser parser, TemplateDictionary templateDictionary, StreamingStats streamingStats, WindowKeys windowKeys,
                      SlidingWindowStrategy slidingWindowStrategy, LineAcks lineAcks, ScoringProperties scoring) {
        this(parser, templateDictionary, streamingStats, windowKeys, slidingWindowStrategy, lineAcks, scoring.batchSize());
    }

    public LineChunks(LogParser parser, TemplateDictionary templateDictionary, StreamingStats streamingStats, WindowKeys windowKeys,
                      SlidingWindowStrategy slidingWindowStrategy, LineAcks lineAcks, int batchSize) {
        this.parser = parser;
        this.dictionary = templateDictionary;
        this.stats = streamingStats;
        this.keys = windowKeys;
        this.windows = slidingWindowStrategy;
        this.acks = lineAcks;
        this.batchSize = batchSize;
    }

    /** The chunk (the body) becomes the scoring batches of its windows, in line order. */
    public List<List<Window>> process(Exchange exchange) {
        Message message = exchange.getMessage();
        LineChunk chunk = message.getBody(LineChunk.class);
        String source = message.getHeader(LineHeaders.SOURCE, String.class);
        Integer size = message.getHeader(WindowHeaders.SIZE, Integer.class);
        boolean warmUp = WarmUpSource.is(source);
        List<List<Window>> batches = new ArrayList<>(1);
        List<Window> batch = null;
        for (int i = 0; i < chunk.size(); i++) {
            chunk.begin(i);
            try {
                LogEvent event = dictionary.withSharedId(parser.parse(chunk.text(i), source, chunk.number(i)));
                stats.lineProcessed(source);
                // a session's verdict comes after its idle gap (routes/sessions.yaml), long after the start-up warm-up
                // has forgotten its source: none is opened for it
                String session = warmUp ? null : keys.sessionOf(event);
                if (session != null) {
                    toSession(exchange, event, session, size);
                }
                Window window = windows.windowOf(event, size);
                acks.windowFormed(window);
                stats.windowFormed(window);
                if (batch == null || batch.size() >= batchSize) {
                    batch = new ArrayList<>(Math.min(batchSize, chunk.size() - i));
                    batches.add(batch);
                }
                batch.add(window);
            } catch (RuntimeException e) {
                stats.error(source, STAGE, e.getMessage());
                log.warn("Dropped a message of {} line {} in route {}: {}: {}", source, chunk.number(i), STAGE,
                        e.getClass().getSimpleName(), e.getMessage());
            } finally {
                chunk.end(i);
            }
        }
        return batches;
    }

    /** A line with a session goes to routes/sessions.yaml on its own exchange, as from routes/windows.yaml. */
    private void toSession(Exchange exchange, LogEvent event, String session, Integer size) {
        ProducerTemplate producer = sessions;
        if (producer == null) {
            producer = exchange.getContext().createProducerTemplate();
            sessions = producer;
        }
        Map<String, Object> headers = new HashMap<>();
        headers.put(LineHeaders.SOURCE, event.source());
        headers.put(LineHeaders.LINE_NUMBER, event.lineNumber());
        headers.put(WindowHeaders.SESSION, session);
        if (size != null) {
            headers.put(WindowHeaders.SIZE, size);
        }
        producer.sendBodyAndHeaders(SESSION_LINES, event, headers);
    }
}
