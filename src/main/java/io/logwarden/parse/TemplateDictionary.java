package io.logwarden.parse;

import io.logwarden.settings.Role;
import io.logwarden.settings.LogwardenProperties;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Template ids that agree across the detector replicas of a Kafka scale-out (routes/parse.yaml). Every
 * replica mines templates on its own and numbers the ones it learns in the order it meets them, so the same
 * line would get different ids on two replicas, and an alert's sequence, a learned-normal transition or an
 * incident's templates would mean different things depending on which replica scored it. In the detector
 * role a learned template's id is instead looked up by its text in the database all replicas share (table
 * template_dictionary, V5 migration), and given the next free id there if no replica has met it yet.
 * The model's own templates keep their ids: every replica reads them from the same templates.json, and they
 * are the ids the model's vocabulary knows. The "rare template" bucket (id 0) stays as it is.
 *
 * <p>A local cache answers every text met before, so the database is asked once per new template text
 * (a template that generalizes, "user alice" becoming "user <*>", is a new text: a new id, the same on every
 * replica). Other roles keep the miner's ids (one process, nothing to agree with).
 */
@Component
public class TemplateDictionary {

    /** The first shared id, above the ids of any model's own templates. */
    static final int FIRST_ID = 1_000_000;
    private static final int MAX_CACHED = 100_000;
    private static final int ATTEMPTS = 20;

    private final ObjectProvider<JdbcTemplate> jdbc;
    private final LogParser parser;
    private final boolean shared;
    private final Map<String, Integer> cache = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public TemplateDictionary(ObjectProvider<JdbcTemplate> jdbc, LogParser parser, LogwardenProperties settings) {
        this(jdbc, parser, settings.role() == Role.DETECTOR);
    }

    private TemplateDictionary(ObjectProvider<JdbcTemplate> jdbc, LogParser parser, boolean shared) {
        this.jdbc = jdbc;
        this.parser = parser;
        this.shared = shared;
    }

    /** The parser's own ids, nothing shared: the offline commands (score, evaluate) run the routes without a database. */
    public static TemplateDictionary unshared(LogParser parser) {
        return new TemplateDictionary(null, parser, false);
    }

    /** Replaces a parsed line's learned template id by the shared one (detector role only). */
    public void share(Exchange exchange) {
        LogEvent event = exchange.getMessage().getBody(LogEvent.class);
        LogEvent shared = withSharedId(event);
        if (shared != event) {
            exchange.getMessage().setBody(shared);
        }
    }

    /** The event with its shared template id (detector role), else the event itself. */
    public LogEvent withSharedId(LogEvent event) {
        if (!shared || event == null || event.templateId() == LogParser.RARE_TEMPLATE_ID || parser.isModelTemplate(event.templateId())) {
            return event;
        }
        return new LogEvent(event.source(), event.lineNumber(), event.line(), event.content(), event.fields(),
                idOf(event.template()), event.template(), event.parameters(), event.receivedAt());
    }

    /** The shared id of a template text, registered now if no replica has met it yet. */
    public int idOf(String template) {
        Integer cached = cache.get(template);
        if (cached != null) {
            return cached;
        }
        int id = lookUpOrRegister(template);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(template, id);
        return id;
    }

    private int lookUpOrRegister(String template) {
        String hash = sha256(template);
        JdbcTemplate jdbc = this.jdbc.getObject();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Integer> found = jdbc.queryForList("SELECT id FROM template_dictionary WHERE template_hash = ?", Integer.class, hash);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Integer last = jdbc.queryForObject("SELECT MAX(id) FROM template_dictionary", Integer.class);
            int next = last == null ? FIRST_ID : last + 1;
            try {
                jdbc.update("INSERT INTO template_dictionary (id, template_hash, template) VALUES (?, ?, ?)", next, hash, template);
                return next;
            } catch (DuplicateKeyException raced) {
                // another replica registered this template, or took this id, in the meantime: look again
            }
        }
        throw new IllegalStateException("no shared template id for \"" + template + "\" after " + ATTEMPTS
                + " attempts: the replicas keep registering templates at the same moment");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
