package io.logwarden.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drain3-style masking: replaces variable parts of a message (addresses, host names, ids, paths,
 * times, amounts, numbers) with a placeholder naming their kind ({@code <IP>}, {@code <HOST>},
 * {@code <NUM>} ...) before the message reaches the parse tree.
 *
 * <p>Rules run in order, so the specific ones (UUID, IP, host, date, time, amounts) come before the
 * generic number rule that would otherwise cut them into pieces. Every built-in rule only touches
 * text that stands on its own (not glued to letters or digits), so identifiers like {@code workers2}
 * or {@code md5sum} keep their meaning.
 *
 * <p>One rule set per settings version travels with each model (see {@link DrainMiner#SETTINGS_VERSION}):
 * {@link #LEGACY_RULES}, the masks of version 1, which all write {@code <*>}; {@link #V2_RULES}, which
 * write the kind; {@link #V3_RULES}; {@link #V4_RULES}; {@link #V5_RULES}; {@link #V6_RULES}; {@link #V7_RULES}; {@link #V8_RULES}; {@link #V9_RULES} (versions 9 and 10); {@link #V11_RULES}; and {@link #DEFAULT_RULES}, the current ones (version 12). A model keeps the rules it was mined
 * with, so a change here never renumbers an existing model's templates: change a rule by adding a
 * settings version, never in place.
 *
 * <p>Speed: the built-in rules never match across whitespace, so they run per token, and only on
 * tokens that contain a character the rule needs (a digit, {@code :}, {@code /}, {@code @}, a dot
 * with a top-level domain after it); plain words, most of any log, cost one character scan. An
 * amount written with a space ({@code 1.5 KB}, {@code <1 sec}) is joined into one value by a pass
 * over the masked tokens. User rules (and the optional quoted-string rule) may span whitespace and
 * run on the whole message first. Instances are immutable and thread-safe.
 */
public final class Masker {

    public static final String WILDCARD = "<*>";

    /** The kinds a built-in rule may write; a template token made only of these and punctuation is a value. */
    public static final List<String> PLACEHOLDERS = List.of(WILDCARD, "<UUID>", "<URL>", "<EMAIL>", "<MAC>", "<IP>",
            "<HOST>", "<DATE>", "<PATH>", "<TIME>", "<SIZE>", "<DURATION>", "<HEX>", "<NUM>", "<QUOTED>", "<SQL>");
    private static final String[] PLACEHOLDER_ARRAY = PLACEHOLDERS.toArray(new String[0]);

    /** Not preceded / followed by a letter or digit: the Drain3 boundary idiom. */
    private static final String START = "(?<![A-Za-z0-9])";
    private static final String END = "(?![A-Za-z0-9])";
    private static final String HEX = "[0-9A-Fa-f]";

    private static final String UUID_RE = START + HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}" + END;
    private static final String URL_RE = "(?<![\\w])[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+";
    private static final String EMAIL_RE = "(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+" + END;
    private static final String MAC_RE = START + "(?:" + HEX + "{2}[:-]){5}" + HEX + "{2}" + END;
    // IPv6: all eight groups, or the compressed form with '::' (so clock times never match)
    private static final String IPV6_RE = "(?<![\\w:])(?:(?:" + HEX + "{1,4}:){7}" + HEX + "{1,4}"
            + "|(?:" + HEX + "{1,4}:){1,7}:(?:" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})?"
            + "|::" + HEX + "{1,4}(?::" + HEX + "{1,4}){0,6})(?![\\w:])";
    private static final String PATH_RE = "(?<![\\w/.])(?:/[\\w.~+@-]+)+/?|(?<![\\w])[A-Za-z]:\\\\[\\w.\\\\-]*";
    /**
     * Version 9: a path gives back the full stops after it, which end the sentence it closes ({@code from
     * /etc/fstab.}, {@code Loading /etc/app.conf...}): the event's end is then the same as where the sentence
     * ends in a word, and runs of names that end in a path merge with the others.
     */
    private static final String PATH_V9_RE = "(?<![\\w/.])(?:/[\\w.~+@-]+)+/?(?<!\\.)|(?<![\\w])[A-Za-z]:\\\\[\\w.\\\\-]*(?<!\\.)";
    private static final String HEX_RE = START + "(?:0[xX]" + HEX + "+|(?=" + HEX + "*\\d)(?=" + HEX + "*[A-Fa-f])" + HEX + "{8,})" + END;
    private static final String NUMBER_RE = START + "[-+]?\\d+(?:\\.\\d+)*" + END;

    /** Top-level domains that make a dotted name a host: generic ones, and names used inside networks. */
    private static final Set<String> GENERIC_TLDS = Set.of("com", "net", "org", "edu", "gov", "mil", "io", "biz",
            "local", "lan", "internal", "localdomain", "intranet", "arpa");
    /** Country codes; a name needs three labels to count ({@code mail.example.de}), as file names rarely have. */
    private static final Set<String> COUNTRY_TLDS = Set.of("uk", "de", "fr", "jp", "cn", "hk", "ru", "br", "in", "au",
            "ca", "nl", "it", "es", "se", "ch", "kr", "tw", "us", "eu", "pl", "be", "at", "dk", "no", "fi", "cz", "il",
            "nz", "sg", "za", "mx", "ar", "ie", "pt", "gr", "tr", "ua");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.";
    private static final String HOST_RE = "(?<![\\w.-])(?:(?:" + LABEL + ")+(?i:" + String.join("|", GENERIC_TLDS.stream().sorted().toList())
            + ")|(?:" + LABEL + "){2,}(?i:" + String.join("|", COUNTRY_TLDS.stream().sorted().toList()) + "))(?![\\w-]|\\.[A-Za-z0-9])";

    /**
     * Version 7: not right after a slash either, where a name with dots is a path's segment
     * ({@code /etc/letsencrypt/live/example.com/fullchain.pem}, {@code /srv/mail/1700000000.M1P2.mx}):
     * version 6 masked the segment as a host and the path around it in pieces.
     */
    private static final String HOST_V7_RE = "(?<!/)" + HOST_RE;
    static final MaskRule HOST_V7_RULE = new MaskRule("host", HOST_V7_RE, "<HOST>");

    /**
     * Version 11: a label may open with an underscore and hold one, as DNS service and key names do ({@code
     * _ldap._tcp.dc._msdcs.corp.example.com}, {@code s1._domainkey.example.net}, {@code _acme-challenge.www.example.com}):
     * left literal, such a name made an event of its own, and a resolver's query log split in two.
     */
    private static final String LABEL_V11 = "_?[A-Za-z0-9](?:[\\w-]{0,61}[A-Za-z0-9])?\\.";
    private static final String HOST_V11_RE = "(?<!/)(?<![\\w.-])(?:(?:" + LABEL_V11 + ")+(?i:"
            + String.join("|", GENERIC_TLDS.stream().sorted().toList()) + ")|(?:" + LABEL_V11 + "){2,}(?i:"
            + String.join("|", COUNTRY_TLDS.stream().sorted().toList()) + "))(?![\\w-]|\\.[A-Za-z0-9])";
    static final MaskRule HOST_V11_RULE = new MaskRule("host", HOST_V11_RE, "<HOST>");

    private static final String DATE_RE = START + "(?:\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)?"
            + "|\\d{4}/\\d{1,2}/\\d{1,2})" + END;
    private static final String TIME_RE = START + "\\d{1,2}:\\d{2}(?::\\d{2})?(?:[.,]\\d{1,9})?" + END;

    /** Units of an amount; an amount glued to its unit ({@code 512ms}) or one space apart ({@code 1.5 KB}) is one value. */
    private static final Set<String> SIZE_UNITS = Set.of("b", "kb", "mb", "gb", "tb", "pb", "kib", "mib", "gib", "tib",
            "k", "m", "g", "byte", "bytes");
    private static final Set<String> DURATION_UNITS = Set.of("ns", "us", "\u00b5s", "ms", "s", "sec", "secs", "second",
            "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "d", "day", "days",
            "microseconds", "milliseconds", "nanoseconds");
    /**
     * With a space between number and unit, only abbreviations join ({@code 1.5 KB}, {@code 3 sec}):
     * one letter is too likely a word, and a unit written out ({@code 12 seconds}, {@code 512 bytes})
     * reads as text of the message. After a comparator ({@code <1 second}) any unit joins.
     */
    private static final int SPACED_UNIT_MIN_LENGTH = 2;
    private static final int SPACED_UNIT_MAX_LENGTH = 3;
    private static final String AMOUNT = START + "(?:[<>~]=?)?[-+]?\\d+(?:\\.\\d+)?";
    private static final String SIZE_RE = AMOUNT + "(?i:" + String.join("|", SIZE_UNITS.stream().sorted().toList()) + ")" + END;
    private static final String DURATION_RE = AMOUNT + "(?:" + String.join("|", DURATION_UNITS.stream().sorted().toList()) + ")" + END;
    /** From version 3: an amount's number is not zero-padded, which would make it an id ({@code 0000061b}). */
    private static final String AMOUNT_V3 = START + "(?:[<>~]=?)?[-+]?(?:0|[1-9]\\d*)(?:\\.\\d+)?";
    private static final String SIZE_V3_RE = AMOUNT_V3 + "(?i:" + String.join("|", SIZE_UNITS.stream().sorted().toList()) + ")" + END;
    /** Units inside a compound duration ({@code 1h2m3.5s}, {@code 2s643ms}); {@code m} is minutes there. */
    private static final String COMPOUND_PART = "(?:h|m|min|s|ms|us|ns|d)\\d+(?:\\.\\d+)?";
    private static final String DURATION_V3_RE = AMOUNT_V3 + "(?:" + COMPOUND_PART + ")*(?:"
            + String.join("|", DURATION_UNITS.stream().sorted().toList()) + ")" + END
            + "|" + AMOUNT_V3 + "(?:" + COMPOUND_PART + ")+m" + END;
    private static final String MAC_V3_RE = START + "(?:" + HEX + "{2}[:-]){5,}" + HEX + "{2}" + END;
    /** Hash codes as Java prints them after a type name ({@code Token{30fc633}, {@code Object@1b6d358}) may have 6-7 digits. */
    private static final String HEX_V3_RE = START + "(?:0[xX]" + HEX + "+|(?=" + HEX + "*\\d)(?=" + HEX + "*[A-Fa-f])" + HEX + "{8,}"
            + "|(?<=[{@])(?=" + HEX + "{0,6}\\d)(?=" + HEX + "{0,6}[A-Fa-f])" + HEX + "{6,7})" + END;

    /** Windows update ids: the number of {@code KB5012170}. */
    private static final String KB_RE = "(?<=(?<![A-Za-z0-9])KB)\\d{4,8}" + END;
    /** The number of a version written with a {@code v} ({@code v6.1.7601}). */
    private static final String VERSION_RE = "(?<=(?<![A-Za-z0-9])[vV])\\d+(?:\\.\\d+)+" + END;

    private static final String IPV4_RE = START + "(?:\\d{1,3}\\.){3}\\d{1,3}" + END;

    /** Optional (logwarden.parser.mask-quoted): a quoted string is one value, spaces and all. */
    public static final MaskRule QUOTED_RULE = new MaskRule("quoted",
            "(?<![\\w\"])\"[^\"\\n]*\"|(?<![\\w'])'[^'\\n]*'(?![\\w'])", "<QUOTED>");

    /**
     * Version 4's quoted strings: as {@link #QUOTED_RULE}, but not a quote that opens the message, which
     * is the message's own text ({@code "SyncLoop ADD" source="api"}), not a value in it.
     */
    public static final MaskRule QUOTED_VALUE_RULE = new MaskRule("quoted",
            "(?<=.)(?<![\\w\"])\"[^\"\\n]*\"|(?<=.)(?<![\\w'])'[^'\\n]*'(?![\\w'])", "<QUOTED>");

    /**
     * Version 5's quoted strings: as {@link #QUOTED_VALUE_RULE}, but not a quoted HTTP request line
     * ({@code "GET /v2/servers/detail HTTP/1.1"}): its method is the event (a GET and a DELETE are
     * logged alike but are different requests), and its path and protocol are masked as they are
     * anywhere else. A quote escaped with a backslash ({@code \"items_pkey\"}) is inside the string.
     */
    public static final MaskRule QUOTED_V5_RULE = new MaskRule("quoted",
            "(?<=.)(?<![\\w\"])\"(?!(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|CONNECT|TRACE) )(?:[^\"\\\\\\n]|\\\\.)*\""
                    + "|(?<=.)(?<![\\w'])'[^'\\n]*'(?![\\w'])", "<QUOTED>");

    /**
     * Version 6's quoted strings: as {@link #QUOTED_V5_RULE}, but not the quoted text of a message key
     * ({@code msg="payment declined"}, {@code message="..."}): in logfmt and other key=value logs that
     * text is the event itself, as an unquoted message is, and masking it left only the keys to tell
     * events apart. A quoted lone dash opening the message ({@code "-" 408 - "-"}, an access log's
     * missing request line) is a value: left as text, the quote after it paired with the next one.
     */
    public static final MaskRule QUOTED_V6_RULE = new MaskRule("quoted",
            "(?<=.)(?<![\\w\"])(?<!\\b(?i:msg|message)=)\"(?!(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|CONNECT|TRACE) )(?:[^\"\\\\\\n]|\\\\.)*\""
                    + "|(?<=.)(?<![\\w'])(?<!\\b(?i:msg|message)=)'[^'\\n]*'(?![\\w'])"
                    + "|^\"-\"(?!\\S)", "<QUOTED>");

    /**
     * Version 7's quoted strings: as {@link #QUOTED_V6_RULE}, but a double quote opens a string only
     * after a space, {@code = : ( [ ,} or {@code {}, so neither a quote escaped with a backslash nor
     * the closing quote of a message key's text does. Inside {@code msg="StartContainer for \"6f3e\"
     * returns successfully"} (as container runtimes log) version 6 took the escaped quote for the start
     * of a string that ran to the message's closing quote, so the message's words became one value;
     * and a closing quote after punctuation ({@code ...event(REMOVE)" error="..."}) paired with the next.
     */
    public static final MaskRule QUOTED_V7_RULE = new MaskRule("quoted",
            "(?<=[\\s=:(\\[,{])(?<!\\b(?i:msg|message)=)\"(?!(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|CONNECT|TRACE) )(?:[^\"\\\\\\n]|\\\\.)*\""
                    + "|(?<=.)(?<![\\w'\\\\])(?<!\\b(?i:msg|message)=)'[^'\\n]*'(?![\\w'])"
                    + "|^\"-\"(?!\\S)", "<QUOTED>");

    /**
     * Version 8's quoted strings: as {@link #QUOTED_V7_RULE}, but not a quoted string in brackets that
     * opens the message or follows another bracketed field ({@code [raft.rs:812] ["became follower at
     * term 33"] [term=33]}): in the unified log format of TiKV, PD and TiDB (and other structured
     * loggers that write {@code [level] [source] ["message"] [key=value]...}) that string is the
     * event's text, as a logfmt {@code msg="..."} is; masked, only the keys told events apart. In a
     * JSON line ({@code {"level":"info","msg":"compact tree index","revision":1}}, as zap, logrus,
     * bunyan and pino write) a key is a field's name, not a value, and the text of {@code "msg"} or
     * {@code "message"} is the event: masked, every line of as many fields was one template.
     */
    public static final MaskRule QUOTED_V8_RULE = new MaskRule("quoted",
            "(?<=[\\s=:(\\[,{])(?<!\\b(?i:msg|message)=)(?<!^\\[)(?<!\\] \\[)(?<!\"(?i:msg|message)\":)(?<!\"(?i:msg|message)\": )"
                    + "(?!(?<=[{,])\"(?:[^\"\\\\\\n]|\\\\.)*\"\\s?:)" // a JSON key
                    + "\"(?!(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|CONNECT|TRACE) )(?:[^\"\\\\\\n]|\\\\.)*\""
                    + "|(?<=.)(?<![\\w'\\\\])(?<!\\b(?i:msg|message)=)'[^'\\n]*'(?![\\w'])"
                    + "|^\"-\"(?!\\S)", "<QUOTED>");

    /**
     * Version 6: a run of escaped bytes ({@code \x16\x03\x01}), as servers print binary sent where
     * text was expected (a TLS handshake on a plain HTTP port), is one value however long.
     */
    public static final MaskRule ESCAPED_BYTES_RULE = new MaskRule("escaped bytes",
            "(?:\\\\x[0-9A-Fa-f]{2}){2,}", "<HEX>");

    /** Rules that cannot match a message without a quote character. */
    private static final Set<MaskRule> QUOTE_RULES = Set.of(QUOTED_RULE, QUOTED_VALUE_RULE, QUOTED_V5_RULE, QUOTED_V6_RULE,
            QUOTED_V7_RULE, QUOTED_V8_RULE);

    /** The masks of settings version 1 (every value is {@code <*>}); kept so older models mine as before. */
    public static final List<MaskRule> LEGACY_RULES = List.of(
            new MaskRule("uuid", UUID_RE),
            new MaskRule("url", URL_RE),
            new MaskRule("email", EMAIL_RE),
            new MaskRule("mac", MAC_RE),
            new MaskRule("ipv6", IPV6_RE),
            new MaskRule("ipv4", START + "(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?" + END),
            new MaskRule("path", PATH_RE),
            // long hex needs a digit and a letter: all-digit runs are numbers and keep their sign below
            new MaskRule("hex", HEX_RE),
            new MaskRule("number", NUMBER_RE));

    /** The masks of settings version 2; kept so models mined with them keep their templates. */
    public static final List<MaskRule> V2_RULES = List.of(
            new MaskRule("uuid", UUID_RE, "<UUID>"),
            new MaskRule("url", URL_RE, "<URL>"),
            new MaskRule("email", EMAIL_RE, "<EMAIL>"),
            new MaskRule("mac", MAC_RE, "<MAC>"),
            new MaskRule("ipv6", IPV6_RE, "<IP>"),
            // the port stays apart (<IP>:<NUM>), as loghub's templates write it
            new MaskRule("ipv4", IPV4_RE, "<IP>"),
            new MaskRule("host", HOST_RE, "<HOST>"),
            new MaskRule("date", DATE_RE, "<DATE>"),
            new MaskRule("path", PATH_RE, "<PATH>"),
            new MaskRule("time", TIME_RE, "<TIME>"),
            new MaskRule("size", SIZE_RE, "<SIZE>"),
            new MaskRule("duration", DURATION_RE, "<DURATION>"),
            new MaskRule("kb", KB_RE, "<NUM>"),
            new MaskRule("version", VERSION_RE, "<NUM>"),
            new MaskRule("hex", HEX_RE, "<HEX>"),
            new MaskRule("number", NUMBER_RE, "<NUM>"));

    /**
     * The rules of settings version 3, general for logs of any kind: nothing here is specific
     * to one system. Beyond version 2: a zero-padded number glued to a unit letter is an id, not an
     * amount ({@code 0000061b}); compound durations are one value ({@code 1h2m3.5s}); a MAC-like run
     * may be longer than six octets; a 6-7 digit hex id right after {@code {} or {@code @} is a value
     * ({@code Lease{4e1a9c2}); and {@code 12.5 B} is a size.
     */
    public static final List<MaskRule> V3_RULES = List.of(
            V2_RULES.get(0), V2_RULES.get(1), V2_RULES.get(2),
            new MaskRule("mac", MAC_V3_RE, "<MAC>"),
            V2_RULES.get(4), V2_RULES.get(5), V2_RULES.get(6), V2_RULES.get(7), V2_RULES.get(8), V2_RULES.get(9),
            new MaskRule("size", SIZE_V3_RE, "<SIZE>"),
            new MaskRule("duration", DURATION_V3_RE, "<DURATION>"),
            V2_RULES.get(12), V2_RULES.get(13),
            new MaskRule("hex", HEX_V3_RE, "<HEX>"),
            V2_RULES.get(15));

    /**
     * An amount must stand on its own in version 4: not a segment of a hyphenated or underscored
     * identifier, where {@code 8931d} in {@code web-5277e-8931d} is a piece of a name, not 8931 days.
     */
    private static final String AMOUNT_V4 = START + "(?<![A-Za-z0-9][-_])(?:[<>~]=?)?[-+]?(?:0|[1-9]\\d*)(?:\\.\\d+)?";
    private static final String SIZE_V4_RE = AMOUNT_V4 + "(?i:" + String.join("|", SIZE_UNITS.stream().sorted().toList()) + ")" + END;
    private static final String DURATION_V4_RE = AMOUNT_V4 + "(?:" + COMPOUND_PART + ")*(?:"
            + String.join("|", DURATION_UNITS.stream().sorted().toList()) + ")" + END
            + "|" + AMOUNT_V4 + "(?:" + COMPOUND_PART + ")+m" + END;

    /**
     * The rules of settings version 4. Beyond version 3: a quoted string is one value however
     * many words it holds ({@code comment "please look again"}), since what a log quotes is what a
     * user or a program supplied; and amounts only match a whole token or segment (see
     * {@link #AMOUNT_V4}).
     */
    public static final List<MaskRule> V4_RULES = List.of(
            QUOTED_VALUE_RULE,
            V3_RULES.get(0), V3_RULES.get(1), V3_RULES.get(2), V3_RULES.get(3), V3_RULES.get(4), V3_RULES.get(5),
            V3_RULES.get(6), V3_RULES.get(7), V3_RULES.get(8), V3_RULES.get(9),
            new MaskRule("size", SIZE_V4_RE, "<SIZE>"),
            new MaskRule("duration", DURATION_V4_RE, "<DURATION>"),
            V3_RULES.get(12), V3_RULES.get(13), V3_RULES.get(14), V3_RULES.get(15));

    /** Apache's and HAProxy's dates: {@code 24/Mar/2024:08:31:54.539}, any month, time optional. */
    private static final String MONTH_DATE_RE = START + "\\d{1,2}/(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/\\d{4}"
            + "(?::\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?)?" + END;
    /** Version 5's date with a month name in one token; its presence turns on version 5's token passes. */
    static final MaskRule MONTH_DATE_RULE = new MaskRule("date", MONTH_DATE_RE, "<DATE>");

    /**
     * The rules of settings version 5: version 4's, with a quoted HTTP request line left to the
     * other masks ({@link #QUOTED_V5_RULE}) and Apache's dates ({@link #MONTH_DATE_RULE}). With these
     * rules the masker also joins dates written with a month name over several tokens, reads
     * thousands separators as part of a number, writes a name before a bracketed IP as a host, and
     * joins an amount whose unit is glued to a bracket or written as {@code bytes}.
     */
    public static final List<MaskRule> V5_RULES = Stream.of(
            Stream.of(QUOTED_V5_RULE), V4_RULES.subList(1, 9).stream(), Stream.of(MONTH_DATE_RULE),
            V4_RULES.subList(9, V4_RULES.size()).stream()).flatMap(r -> r).toList();

    /**
     * The rules of settings version 6: version 5's, with a message key's quoted text left as text
     * ({@link #QUOTED_V6_RULE}) and runs of escaped bytes as one value ({@link #ESCAPED_BYTES_RULE}).
     */
    public static final List<MaskRule> V6_RULES = Stream.of(Stream.of(QUOTED_V6_RULE, ESCAPED_BYTES_RULE),
            V5_RULES.subList(1, V5_RULES.size()).stream()).flatMap(r -> r).toList();

    /**
     * Settings version 7: version 6's, but a quote opens a string only after a space or a separator
     * ({@link #QUOTED_V7_RULE}) and a host is no path segment ({@link #HOST_V7_RULE}).
     */
    public static final List<MaskRule> V7_RULES = Stream.of(Stream.of(QUOTED_V7_RULE),
            V6_RULES.subList(1, V6_RULES.size()).stream().map(rule -> rule.name().equals("host") ? HOST_V7_RULE : rule))
            .flatMap(r -> r).toList();

    /**
     * Settings version 8: version 7's, but a bracketed quoted message, a JSON key and a JSON {@code "msg"}
     * are the event's text, not values ({@link #QUOTED_V8_RULE}).
     */
    public static final List<MaskRule> V8_RULES = Stream.concat(Stream.of(QUOTED_V8_RULE),
            V7_RULES.subList(1, V7_RULES.size()).stream()).toList();

    static final MaskRule PATH_V9_RULE = new MaskRule("path", PATH_V9_RE, "<PATH>");

    /** The rules of settings versions 9 and 10: version 8's, but a path leaves the full stops after it ({@link #PATH_V9_RE}). */
    public static final List<MaskRule> V9_RULES = V8_RULES.stream()
            .map(rule -> rule.name().equals("path") ? PATH_V9_RULE : rule).toList();

    /** The rules of settings version 11: version 9's, with underscores in host names ({@link #HOST_V11_RULE}). */
    public static final List<MaskRule> V11_RULES = V9_RULES.stream()
            .map(rule -> rule.name().equals("host") ? HOST_V11_RULE : rule).toList();

    /**
     * Version 12: a string in escaped quotes ({@code \"...\"}) inside a quoted message, as a JSON log's message
     * quotes a file name or a container id ({@code "message":"File accessed: \"\/alice\/files\/IMG 2023.jpg\""},
     * {@code msg="StartContainer for \"6f3e\" returns successfully"}), is one value: the quoted rule leaves an
     * escaped quote alone, so the name's words and slashes became text and paths, one template per word count.
     */
    public static final MaskRule ESCAPED_QUOTED_RULE = new MaskRule("escaped quoted",
            "(?<![\\w\\\\])\\\\\"(?:[^\"\\\\\\n]|\\\\[^\"\\n])*\\\\\"", "<QUOTED>");

    /**
     * Version 12: a reverse DNS name ({@code 4.3.2.1.in-addr.arpa}, {@code b.a.9.8...ip6.arpa}), as resolvers log a
     * PTR query, is a host: the address mask took its first four numbers and left {@code <IP>.in-addr.arpa}, so
     * the PTR queries made an event apart from the others of their kind.
     */
    public static final MaskRule REVERSE_DNS_RULE = new MaskRule("reverse dns",
            "\\b(?:(?:\\d{1,3}\\.){1,4}in-addr|(?:[0-9a-fA-F]\\.){1,32}ip6)\\.arpa\\b\\.?", "<HOST>");

    /**
     * Version 12: an IPv6 address that ends in an IPv4 one ({@code ::ffff:192.168.3.243}, as dual-stack servers write
     * an IPv4 client) is one address: the IPv6 mask took {@code ::ffff:192} and left {@code <IP>.<NUM>}, so such
     * clients made events of their own beside the others.
     */
    public static final MaskRule IPV4_MAPPED_RULE = new MaskRule("ipv4 in ipv6",
            "(?<![\\w:])(?:::(?:ffff(?::0{1,4})?:)?|(?:" + HEX + "{1,4}:){6}|(?:" + HEX + "{1,4}:){1,5}:(?:" + HEX
                    + "{1,4}:){0,4})(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\w.])", "<IP>");

    /**
     * The default rules (settings version 12): version 11's, with strings in escaped quotes ({@link
     * #ESCAPED_QUOTED_RULE}), reverse DNS names ({@link #REVERSE_DNS_RULE}) and IPv4 addresses written as IPv6 ones
     * ({@link #IPV4_MAPPED_RULE}, before the IPv6 mask).
     */
    public static final List<MaskRule> DEFAULT_RULES = Stream.of(V11_RULES.subList(0, 1).stream(),
            Stream.of(ESCAPED_QUOTED_RULE, REVERSE_DNS_RULE), V11_RULES.subList(1, V11_RULES.size()).stream()
                    .flatMap(rule -> rule.name().equals("ipv6") ? Stream.of(IPV4_MAPPED_RULE, rule) : Stream.of(rule)))
            .flatMap(r -> r).toList();

    /** The built-in masks of a settings version. */
    public static List<MaskRule> defaultRules(int settingsVersion) {
        return switch (settingsVersion) {
            case 1 -> LEGACY_RULES;
            case 2 -> V2_RULES;
            case 3 -> V3_RULES;
            case 4 -> V4_RULES;
            case 5 -> V5_RULES;
            case 6 -> V6_RULES;
            case 7 -> V7_RULES;
            case 8 -> V8_RULES;
            case 9, 10 -> V9_RULES;
            case 11 -> V11_RULES;
            default -> DEFAULT_RULES;
        };
    }

    /**
     * What a token must contain for a built-in rule to have a chance (keyed by replacement and regex, so
     * rules read back from templates.json get the same shortcut). Rules not listed here run on the whole
     * message.
     */
    private static final Map<String, Need> TOKEN_RULES = new HashMap<>();

    private enum Need { UUID, COLON, URL, IPV6, AT, MAC, DOTS, SLASH, HEX, GLUED_HEX, NUMBER, HOST, DATE, MONTH_DATE, TIME, UNIT, KB, VERSION }

    static {
        Need[] legacy = { Need.UUID, Need.URL, Need.AT, Need.MAC, Need.IPV6, Need.DOTS, Need.SLASH, Need.HEX, Need.NUMBER };
        for (int i = 0; i < legacy.length; i++) {
            TOKEN_RULES.put(key(LEGACY_RULES.get(i)), legacy[i]);
        }
        Need[] current = { Need.UUID, Need.URL, Need.AT, Need.MAC, Need.IPV6, Need.DOTS, Need.HOST, Need.DATE,
            Need.SLASH, Need.TIME, Need.UNIT, Need.UNIT, Need.KB, Need.VERSION, Need.HEX, Need.NUMBER };
        for (int i = 0; i < current.length; i++) {
            TOKEN_RULES.put(key(V2_RULES.get(i)), current[i]);
            Need v3 = current[i] == Need.HEX ? Need.GLUED_HEX : current[i];
            TOKEN_RULES.putIfAbsent(key(V3_RULES.get(i)), v3);
            TOKEN_RULES.putIfAbsent(key(V4_RULES.get(i + 1)), v3);
        }
        TOKEN_RULES.put(key(MONTH_DATE_RULE), Need.MONTH_DATE);
        TOKEN_RULES.put(key(HOST_V7_RULE), Need.HOST);
        TOKEN_RULES.put(key(HOST_V11_RULE), Need.HOST);
        TOKEN_RULES.put(key(IPV4_MAPPED_RULE), Need.IPV6);
        TOKEN_RULES.put(key(PATH_V9_RULE), Need.SLASH);
    }

    /** The size rules of versions 3 and 4: their presence turns on joining {@code 12.5 B}. */
    private static final Set<String> SPACED_BYTES_KEYS = Set.of(key(V3_RULES.get(10)), key(V4_RULES.get(11)));

    private static String key(MaskRule rule) {
        return rule.replacement() + ' ' + rule.regex();
    }

    /** One change made while masking, for {@code parse --explain}. */
    public record Step(String rule, String before, String after) {
    }

    private final List<MaskRule> ruleDefinitions;
    private final List<Pattern> messageRules = new ArrayList<>();
    private final List<MaskRule> messageRuleDefinitions = new ArrayList<>();
    private final List<Pattern> tokenRules = new ArrayList<>();
    private final List<MaskRule> tokenRuleDefinitions = new ArrayList<>();
    private final List<Need> tokenNeeds = new ArrayList<>();
    /** Traits that give some token rule a chance; a token with none of them is left alone. */
    private final int relevantTraits;
    /** Amounts written with a space are joined (only with the current rules: older models mine as before). */
    private final boolean joinAmounts;
    /** Version 3: a number one space before {@code B} is a size too. */
    private final boolean spacedBytes;
    /** Version 5's passes over the tokens (see {@link #DEFAULT_RULES}). */
    private final boolean version5;

    public Masker(List<MaskRule> rules) {
        this.ruleDefinitions = List.copyOf(rules);
        int relevant = DIGIT | COLON | AT | SLASH;
        boolean join = false;
        // Message-wide rules run before the per-token ones; with the default order (user rules first)
        // that is the order the rules were given in.
        for (MaskRule rule : rules) {
            Pattern pattern = rule.compile();
            Need need = TOKEN_RULES.get(key(rule));
            if (need == null) {
                messageRules.add(pattern);
                messageRuleDefinitions.add(rule);
            }
            else {
                tokenRules.add(pattern);
                tokenRuleDefinitions.add(rule);
                tokenNeeds.add(need);
                if (need == Need.HOST) {
                    relevant |= DOT;
                }
                if (need == Need.UNIT) {
                    join = true;
                }
            }
        }
        this.relevantTraits = relevant;
        this.joinAmounts = join;
        this.spacedBytes = rules.stream().anyMatch(rule -> SPACED_BYTES_KEYS.contains(key(rule)));
        this.version5 = rules.stream().anyMatch(rule -> key(rule).equals(key(MONTH_DATE_RULE)));
    }

    /** The defaults with the user's extra regexes in front: a user rule is more specific than ours. */
    public static Masker withDefaults(List<String> extraRegexes) {
        return new Masker(rulesWithDefaults(extraRegexes));
    }

    public static List<MaskRule> rulesWithDefaults(List<String> extraRegexes) {
        return rulesWithDefaults(extraRegexes, false);
    }

    /** User rules first, then (if asked) quoted strings, then the defaults. */
    public static List<MaskRule> rulesWithDefaults(List<String> extraRegexes, boolean maskQuoted) {
        List<MaskRule> all = new ArrayList<>();
        int i = 1;
        for (String regex : extraRegexes == null ? List.<String>of() : extraRegexes) {
            if (regex != null && !regex.isBlank()) {
                MaskRule rule = new MaskRule(USER_RULE + i++, regex);
                if (rule.compile().matcher("").matches()) {
                    // x* put a placeholder between every two characters of every line
                    throw new IllegalArgumentException("mask regex '" + regex + "' (" + rule.name() + ") matches an "
                            + "empty text: a mask must match at least one character (write x+ rather than x*)");
                }
                all.add(rule);
            }
        }
        if (maskQuoted && DEFAULT_RULES.stream().noneMatch(QUOTE_RULES::contains)) {
            all.add(QUOTED_RULE);
        }
        all.addAll(DEFAULT_RULES);
        return all;
    }

    public List<MaskRule> rules() {
        return ruleDefinitions;
    }

    /** The message with every match replaced by its placeholder, tokens joined by single spaces. */
    public String mask(String content) {
        return String.join(" ", maskTokens(content));
    }

    /**
     * The masked message split on whitespace; a token that is exactly {@code <*>} is the
     * {@link #WILDCARD} instance itself, so the miner can compare it by identity.
     */
    public String[] maskTokens(String content) {
        return maskTokens(content, null);
    }

    /** As {@link #maskTokens(String)}, recording every change in {@code steps} (for {@code parse --explain}). */
    public String[] maskTokens(String content, List<Step> steps) {
        String text = content;
        for (int r = 0; r < messageRules.size(); r++) {
            MaskRule rule = messageRuleDefinitions.get(r);
            // the quoted-string rules scan the whole message: most messages have no quote to find
            if (QUOTE_RULES.contains(rule) && text.indexOf('"') < 0 && text.indexOf('\'') < 0) {
                continue;
            }
            if (text.indexOf("\\x") < 0 && ESCAPED_BYTES_RULE.equals(rule)) {
                continue; // as rare: a scan of every message for it cost a tenth of version 6's speed
            }
            if (text.indexOf("\\\"") < 0 && ESCAPED_QUOTED_RULE.equals(rule) || text.indexOf(".arpa") < 0 && REVERSE_DNS_RULE.equals(rule)) {
                continue; // as rare (version 12)
            }
            text = replaceAll(messageRules.get(r), text, rule, steps);
        }
        String[] tokens = DrainMiner.tokenize(text);
        if (tokenRules.isEmpty()) {
            return tokens;
        }
        if (version5) {
            tokens = SpokenValues.beforeMasking(tokens, steps);
        }
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token == WILDCARD) {
                continue;
            }
            int traits = traits(token);
            if ((traits & relevantTraits) == 0) {
                continue;
            }
            for (int r = 0; r < tokenRules.size(); r++) {
                Need need = tokenNeeds.get(r);
                if (applies(need, traits, token)) {
                    MaskRule rule = tokenRuleDefinitions.get(r);
                    String before = token;
                    token = need == Need.NUMBER ? maskNumbers(token, rule.replacement())
                            : replaceAll(tokenRules.get(r), token, rule, null);
                    if (steps != null && !token.equals(before)) {
                        steps.add(new Step(rule.name(), before, token));
                    }
                    if (token == rule.replacement() || isPlaceholder(token)) {
                        token = canonical(token);
                        break;
                    }
                    traits = traits(token);
                    if ((traits & relevantTraits) == 0) {
                        break;
                    }
                }
            }
            tokens[i] = token;
        }
        if (version5) {
            SpokenValues.hostsBeforeAddresses(tokens, steps);
        }
        return joinAmounts ? joinSpacedAmounts(tokens, steps, spacedBytes, version5) : tokens;
    }

    /**
     * Values written with spaces become one token, as they would be written without: {@code 1.5 KB},
     * {@code (512 bytes)}, {@code <1 sec} (a number followed by a unit word, like {@code 1.5KB} or
     * {@code 00:02} in the same place) and C's date format {@code Wed Jun 29 14:44:35 2005} (weekday
     * and year optional), which would otherwise be five tokens of which two are words.
     */
    private static String[] joinSpacedAmounts(String[] tokens, List<Step> steps, boolean spacedBytes, boolean version5) {
        List<String> out = null;
        for (int i = 0; i < tokens.length; i++) {
            int used = 2;
            String joined = i + 1 < tokens.length ? joinAmount(tokens[i], tokens[i + 1], spacedBytes, version5) : null;
            if (joined == null) {
                used = spokenDateLength(tokens, i);
                joined = used > 0 ? "<DATE>" + trailingPunctuation(tokens[i + used - 1]) : null;
            }
            if (joined == null) {
                if (out != null) {
                    out.add(tokens[i]);
                }
                continue;
            }
            if (out == null) {
                out = ValueLists.prefix(tokens, i);
            }
            if (steps != null) {
                steps.add(new Step(used == 2 && !joined.startsWith("<DATE>") ? "amount" : "date",
                        String.join(" ", java.util.Arrays.copyOfRange(tokens, i, i + used)), joined));
            }
            out.add(joined);
            i += used - 1;
        }
        return out == null ? tokens : out.toArray(new String[0]);
    }

    private static final Set<String> WEEKDAYS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Set<String> MONTHS = Set.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");

    /** How many tokens from {@code i} make {@code [Weekday] Month <NUM> <TIME> [<NUM>]}; 0 if they do not. */
    private static int spokenDateLength(String[] tokens, int i) {
        String first = tokens[i];
        if (first.length() < 3 || first.length() > 4 || !Character.isLetter(first.charAt(0))) {
            return 0;
        }
        int k = i;
        if (k < tokens.length && WEEKDAYS.contains(word(tokens[k]))) {
            k++;
        }
        if (k + 2 >= tokens.length || !MONTHS.contains(word(tokens[k])) || !tokens[k + 1].equals("<NUM>")
                || !stripTrailing(tokens[k + 2]).equals("<TIME>")) {
            return 0;
        }
        k += 3;
        if (tokens[k - 1].equals("<TIME>") && k < tokens.length && stripTrailing(tokens[k]).equals("<NUM>")) {
            k++;
        }
        return k - i;
    }

    /** A short word in lower case without a trailing comma ({@code Wed,} -> {@code wed}); "" if not one. */
    private static String word(String token) {
        String w = stripTrailing(token);
        return w.length() == 3 ? w.toLowerCase(Locale.ROOT) : "";
    }

    private static String stripTrailing(String token) {
        int end = token.length();
        while (end > 0 && (token.charAt(end - 1) == ',' || token.charAt(end - 1) == '.' || token.charAt(end - 1) == ';'
                || token.charAt(end - 1) == ')' || token.charAt(end - 1) == ']')) {
            end--;
        }
        return token.substring(0, end);
    }

    private static String trailingPunctuation(String token) {
        return token.substring(stripTrailing(token).length());
    }

    /** The joined value of a {@code <NUM>} token and a unit token, or null if they are not an amount. */
    private static String joinAmount(String number, String unitToken, boolean spacedBytes, boolean version5) {
        int at = number.indexOf("<NUM>");
        if (at < 0 || at + 5 != number.length()) {
            return null;
        }
        String prefix = number.substring(0, at);
        // version 5: an amount may open a bracket glued to another value ([<SIZE>]->[12 mb])
        int opened = version5 ? Math.max(prefix.lastIndexOf('['), Math.max(prefix.lastIndexOf('('), prefix.lastIndexOf('{'))) : -1;
        for (int k = opened + 1; k < prefix.length(); k++) {
            if ("([{<>~=".indexOf(prefix.charAt(k)) < 0) {
                return null;
            }
        }
        int unitEnd = 0;
        while (unitEnd < unitToken.length() && (Character.isLetter(unitToken.charAt(unitEnd)))) {
            unitEnd++;
        }
        boolean comparator = !prefix.isEmpty() && "<>~".indexOf(prefix.charAt(prefix.length() - 1)) >= 0
                || prefix.endsWith("=");
        // a capital B alone is bytes as sizes are printed ("152.8 B" beside "1.2 GB"); a lower-case letter may be a word
        boolean bytes = spacedBytes && unitEnd == 1 && unitToken.charAt(0) == 'B';
        // version 5: "bytes" written out is a size as "KB" is ("84510 bytes" beside "1.2 MB")
        boolean bytesWord = version5 && (unitToken.regionMatches(true, 0, "bytes", 0, unitEnd) && unitEnd >= 4);
        if ((unitEnd < SPACED_UNIT_MIN_LENGTH && !bytes) || (unitEnd > SPACED_UNIT_MAX_LENGTH && !comparator && !bytesWord)) {
            return null;
        }
        // version 5: only the character after the unit must end it; what follows a bracket is another value
        int checked = version5 ? Math.min(unitToken.length(), unitEnd + 1) : unitToken.length();
        for (int k = unitEnd; k < checked; k++) {
            if (isAlnum(unitToken.charAt(k)) || unitToken.charAt(k) == '<') {
                return null;
            }
        }
        String unit = unitToken.substring(0, unitEnd);
        String kind;
        if (DURATION_UNITS.contains(unit)) {
            kind = "<DURATION>";
        }
        else if (SIZE_UNITS.contains(unit.toLowerCase(Locale.ROOT))) {
            kind = "<SIZE>";
        }
        else {
            return null;
        }
        // a comparator belongs to the value: "<1 sec" is as much a duration as "00:02"
        String kept = prefix.replaceAll("[<>~=]+$", "");
        return kept + kind + unitToken.substring(unitEnd);
    }

    private static final int DIGIT = 1;
    private static final int COLON = 2;
    private static final int AT = 4;
    private static final int SLASH = 8;
    private static final int DOT = 16;
    private static final int DASH = 32;
    private static final int HEX_LETTER = 64;
    private static final int LETTER = 128;

    /** Which of the characters the rules need a token has. */
    private static int traits(String token) {
        int traits = 0;
        for (int i = 0, n = token.length(); i < n; i++) {
            char c = token.charAt(i);
            if (c >= '0' && c <= '9') {
                traits |= DIGIT;
            }
            else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                traits |= HEX_LETTER | LETTER;
            }
            else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                traits |= LETTER;
            }
            else if (c == ':') {
                traits |= COLON;
            }
            else if (c == '-') {
                traits |= DASH;
            }
            else if (c == '.') {
                traits |= DOT;
            }
            else if (c == '@') {
                traits |= AT;
            }
            else if (c == '/' || c == '\\') {
                traits |= SLASH;
            }
        }
        return traits;
    }

    private static boolean applies(Need need, int traits, String token) {
        int length = token.length();
        return switch (need) {
            case UUID -> (traits & (DIGIT | DASH)) == (DIGIT | DASH) && length >= 36;
            case COLON -> (traits & COLON) != 0;
            case URL -> (traits & COLON) != 0 && token.contains("://");
            case IPV6 -> (traits & COLON) != 0 && (token.contains("::") || count(token, ':') >= 7);
            case AT -> (traits & AT) != 0;
            case MAC -> (traits & (COLON | DASH)) != 0 && length >= 17;
            case DOTS -> (traits & (DIGIT | DOT)) == (DIGIT | DOT) && length >= 7 && count(token, '.') >= 3;
            case SLASH -> (traits & SLASH) != 0;
            case HEX -> (traits & DIGIT) != 0 && ((traits & HEX_LETTER) != 0 || length >= 3) && hasHexValue(token, false);
            case GLUED_HEX -> (traits & DIGIT) != 0 && ((traits & HEX_LETTER) != 0 || length >= 3) && hasHexValue(token, true);
            case NUMBER -> (traits & DIGIT) != 0;
            case HOST -> (traits & (DOT | LETTER)) == (DOT | LETTER) && length >= 4 && hasTopLevelDomain(token);
            case DATE -> (traits & DIGIT) != 0 && (traits & (DASH | SLASH)) != 0 && length >= 8 && hasYearThenSeparator(token);
            case MONTH_DATE -> (traits & (DIGIT | SLASH | LETTER)) == (DIGIT | SLASH | LETTER) && length >= 10 && hasDaySlashMonth(token);
            case TIME -> (traits & (DIGIT | COLON)) == (DIGIT | COLON) && length >= 4 && hasDigitColonDigits(token);
            case UNIT -> (traits & (DIGIT | LETTER)) == (DIGIT | LETTER) && hasDigitThenLetter(token);
            case KB -> (traits & DIGIT) != 0 && token.contains("KB");
            case VERSION -> (traits & (DIGIT | DOT | LETTER)) == (DIGIT | DOT | LETTER) && hasVThenDigit(token);
        };
    }

    // Cheap scans that rule a token out before its regex runs (most tokens with a digit are plain numbers).
    // Each tests a condition the regex cannot match without, so results are the same as running it.

    private static int count(String token, char c) {
        int n = 0;
        for (int i = token.indexOf(c); i >= 0; i = token.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * {@code 0x} followed by a hex digit, or a run of at least 8 hex digits (with {@code glued}, of 6
     * right after a {@code {} or {@code @}).
     */
    private static boolean hasHexValue(String token, boolean glued) {
        int run = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                if (++run >= 8 || (glued && run >= 6 && i >= run && (token.charAt(i - run) == '{' || token.charAt(i - run) == '@'))) {
                    return true;
                }
                if (c == '0' && i + 2 < token.length() && (token.charAt(i + 1) == 'x' || token.charAt(i + 1) == 'X')) {
                    return true;
                }
            }
            else {
                run = 0;
            }
        }
        return false;
    }

    private static boolean hasYearThenSeparator(String token) {
        for (int i = 4; i < token.length(); i++) {
            char c = token.charAt(i);
            if ((c == '-' || c == '/') && isDigit(token.charAt(i - 1)) && isDigit(token.charAt(i - 2))
                    && isDigit(token.charAt(i - 3)) && isDigit(token.charAt(i - 4))) {
                return true;
            }
        }
        return false;
    }

    /** A digit, a slash, three letters and a slash ({@code 24/Mar/}): paths with digits rarely have it. */
    private static boolean hasDaySlashMonth(String token) {
        for (int i = token.indexOf('/'); i > 0 && i + 4 < token.length(); i = token.indexOf('/', i + 1)) {
            if (isDigit(token.charAt(i - 1)) && token.charAt(i + 4) == '/' && Character.isLetter(token.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigitColonDigits(String token) {
        for (int i = token.indexOf(':'); i > 0 && i + 2 < token.length(); i = token.indexOf(':', i + 1)) {
            if (isDigit(token.charAt(i - 1)) && isDigit(token.charAt(i + 1)) && isDigit(token.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigitThenLetter(String token) {
        for (int i = 1; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i)) && isDigit(token.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasVThenDigit(String token) {
        for (int i = 0; i + 1 < token.length(); i++) {
            char c = token.charAt(i);
            if ((c == 'v' || c == 'V') && isDigit(token.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /** Cheap check before the host regex: some dot is followed by a known top-level domain that ends a name. */
    private static boolean hasTopLevelDomain(String token) {
        for (int dot = token.indexOf('.'); dot >= 0; dot = token.indexOf('.', dot + 1)) {
            int end = dot + 1;
            while (end < token.length() && Character.isLetter(token.charAt(end))) {
                end++;
            }
            if (end == dot + 1 || (end < token.length() && (isAlnum(token.charAt(end)) || token.charAt(end) == '-'))) {
                continue;
            }
            String label = token.substring(dot + 1, end).toLowerCase(Locale.ROOT);
            if (GENERIC_TLDS.contains(label) || COUNTRY_TLDS.contains(label)) {
                return true;
            }
        }
        return false;
    }

    /** The number rule of settings version 1, by hand: see {@link #maskNumbers(String, String)}. */
    static String maskNumbers(String token) {
        return maskNumbers(token, WILDCARD);
    }

    /**
     * The number rule by hand (it runs on most tokens with a digit): replaces every
     * {@code [-+]?\d+(\.\d+)*} that is not glued to a letter or digit, exactly as its regex would.
     */
    static String maskNumbers(String token, String replacement) {
        StringBuilder out = null;
        int n = token.length();
        int last = 0;
        int i = 0;
        while (i < n) {
            char c = token.charAt(i);
            int start = i;
            boolean signed = (c == '-' || c == '+') && i + 1 < n && isDigit(token.charAt(i + 1));
            if ((signed || isDigit(c)) && (start == 0 || !isAlnum(token.charAt(start - 1)))) {
                int j = signed ? i + 1 : i;
                while (j < n && isDigit(token.charAt(j))) {
                    j++;
                }
                int previousEnd = -1;
                while (j + 1 < n && token.charAt(j) == '.' && isDigit(token.charAt(j + 1))) {
                    previousEnd = j;
                    j++;
                    while (j < n && isDigit(token.charAt(j))) {
                        j++;
                    }
                }
                if (j < n && isAlnum(token.charAt(j)) && previousEnd >= 0) {
                    j = previousEnd; // like the regex: give back the last ".digits" part; a '.' follows
                }
                if (j == n || !isAlnum(token.charAt(j))) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(token, last, start).append(replacement);
                    last = j;
                    i = j;
                    continue;
                }
                // glued to a letter: the regex would try again one character later, so do we
            }
            i++;
        }
        if (out == null) {
            return token;
        }
        if (last == n && out.length() == replacement.length()) {
            return replacement; // the whole token was one number
        }
        return out.append(token, last, n).toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Stack for matching one rule again where the caller's stack overflowed: Java's regex engine
     * recurses once per repetition of a group, so a quoted string, a path or a dotted name of a few
     * thousand characters overflowed a thread's default stack (StackOverflowError out of {@code
     * parse}, a failed line in the service). 512 MiB covers lines far above the service's 64 KiB.
     */
    static final long DEEP_STACK_BYTES = 512L << 20;

    /**
     * {@link #replaceOnThisStack}, retried on a thread with a {@link #DEEP_STACK_BYTES} stack where
     * this one overflows, so a long value is masked as a short one is. Past even that (a value of
     * about a million characters), the rule leaves the text as it is.
     */
    private static String replaceAll(Pattern pattern, String text, MaskRule rule, List<Step> steps) {
        int recorded = steps == null ? 0 : steps.size();
        try {
            return replaceOnThisStack(pattern, text, rule, steps);
        }
        catch (StackOverflowError e) {
            if (steps != null) {
                steps.subList(recorded, steps.size()).clear();
            }
            List<Step> deepSteps = steps == null ? null : new ArrayList<>();
            String[] out = new String[1];
            Thread deep = new Thread(null, () -> {
                try {
                    out[0] = replaceOnThisStack(pattern, text, rule, deepSteps);
                }
                catch (StackOverflowError tooDeep) {
                    out[0] = null;
                }
            }, "logwarden-mask-deep-stack", DEEP_STACK_BYTES);
            deep.start();
            try {
                deep.join();
            }
            catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return text;
            }
            if (out[0] == null) {
                return text;
            }
            if (steps != null) {
                steps.addAll(deepSteps);
            }
            return out[0];
        }
    }

    private static String replaceOnThisStack(Pattern pattern, String text, MaskRule rule, List<Step> steps) {
        if (!BuiltIn.RULES.contains(rule)) {
            int recorded = steps == null ? 0 : steps.size();
            try {
                return replace(pattern.matcher(MatchDeadline.of(text)), text, rule, steps);
            }
            catch (MatchDeadline.Exceeded e) {
                USER_RULE_TIMEOUTS.increment();
                if (steps != null) {
                    steps.subList(recorded, steps.size()).clear();
                }
                return text; // the user's pattern backtracks without end here: it does not mask this text
            }
        }
        return replace(pattern.matcher(text), text, rule, steps);
    }

    /**
     * Every built-in rule of every settings version: known to finish in time on any text. Any other
     * rule, a user's or one read from a templates.json whatever its name, runs under {@link
     * MatchDeadline}. (A holder class: the lists above are complete when it is first used.)
     */
    private static final class BuiltIn {
        static final Set<MaskRule> RULES = Stream.of(LEGACY_RULES, V2_RULES, V3_RULES, V4_RULES, V5_RULES, V6_RULES,
                V7_RULES, V8_RULES, V9_RULES, DEFAULT_RULES, List.copyOf(QUOTE_RULES),
                List.of(ESCAPED_BYTES_RULE, MONTH_DATE_RULE, HOST_V7_RULE, HOST_V11_RULE))
                .flatMap(List::stream).collect(Collectors.toUnmodifiableSet());
    }

    /** Prefix of the names of the user's own rules ({@code --mask}, {@code logwarden.parser.masks}). */
    static final String USER_RULE = "user";

    private static final LongAdder USER_RULE_TIMEOUTS = new LongAdder();

    /** How often a user's mask gave up on a text since the start ({@link MatchDeadline}). */
    public static long userRuleTimeouts() {
        return USER_RULE_TIMEOUTS.sum();
    }

    private static String replace(Matcher m, String text, MaskRule rule, List<Step> steps) {
        if (!m.find()) {
            return text;
        }
        if (m.start() == 0 && m.end() == text.length() && m.end() > 0) {
            if (steps != null) {
                steps.add(new Step(rule.name(), text, rule.replacement()));
            }
            return rule.replacement(); // the shared instance: the miner compares placeholders cheaply
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            if (m.end() == m.start()) {
                continue; // a lookaround or \b alone: no value there to replace
            }
            if (steps != null) {
                steps.add(new Step(rule.name(), m.group(), rule.replacement()));
            }
            out.append(text, last, m.start()).append(rule.replacement());
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }

    /** Whether the text is exactly one placeholder ({@code <*>}, {@code <IP>}, ...). */
    public static boolean isPlaceholder(String text) {
        return text.length() >= 3 && text.charAt(0) == '<' && placeholderAt(text, 0) == text.length();
    }

    /** The length of the placeholder starting at {@code i} of {@code s}, or 0 (no allocation: hot path). */
    static int placeholderAt(String s, int i) {
        for (String p : PLACEHOLDER_ARRAY) {
            if (s.regionMatches(i, p, 0, p.length())) {
                return p.length();
            }
        }
        return 0;
    }


    /** The shared instance of a placeholder (identity comparisons in the miner), else the token itself. */
    static String canonical(String token) {
        for (String p : PLACEHOLDER_ARRAY) {
            if (p.equals(token)) {
                return p;
            }
        }
        return token;
    }

    /**
     * Whether a token is a value as a whole: one or more placeholders with nothing but punctuation
     * around them ({@code <IP>:<NUM>}, {@code (<SIZE>)}, {@code <NUM>,}).
     */
    static boolean isValue(String token) {
        if (token == WILDCARD) {
            return true;
        }
        int n = token.length();
        if (n < 3 || token.indexOf('<') < 0) {
            return false;
        }
        boolean placeholder = false;
        int i = 0;
        while (i < n) {
            char c = token.charAt(i);
            if (c == '<') {
                int length = placeholderAt(token, i);
                if (length > 0) {
                    placeholder = true;
                    i += length;
                    continue;
                }
            }
            if (isAlnum(c) || Character.isLetter(c)) {
                return false;
            }
            i++;
        }
        return placeholder;
    }

    /** Whether a token holds a placeholder anywhere ({@code blk_<NUM>}); such a token is variable. */
    static boolean containsPlaceholder(String token) {
        if (token == WILDCARD) {
            return true;
        }
        for (int i = token.indexOf('<'); i >= 0; i = token.indexOf('<', i + 1)) {
            if (placeholderAt(token, i) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two tokens have the same literal parts around their placeholders ({@code <IP>:<NUM>} and
     * {@code <HOST>:<NUM>}); the same as comparing {@link #literals}, without allocating (hot path).
     */
    static boolean sameShape(String a, String b) {
        int i = 0;
        int j = 0;
        int n = a.length();
        int m = b.length();
        while (i < n && j < m) {
            int pa = a.charAt(i) == '<' ? placeholderAt(a, i) : 0;
            int pb = b.charAt(j) == '<' ? placeholderAt(b, j) : 0;
            if (pa > 0 && pb > 0) {
                i += pa;
                j += pb;
            }
            else if (pa > 0 || pb > 0 || a.charAt(i) != b.charAt(j)) {
                return false;
            }
            else {
                i++;
                j++;
            }
        }
        return i == n && j == m;
    }

    /** The literal parts around a token's placeholders: one more than there are placeholders. */
    static List<String> literals(String token) {
        List<String> out = new ArrayList<>(3);
        int last = 0;
        for (int i = token.indexOf('<'); i >= 0; i = token.indexOf('<', i + 1)) {
            int length = placeholderAt(token, i);
            if (length > 0) {
                out.add(token.substring(last, i));
                last = i + length;
                i = last - 1;
            }
        }
        out.add(token.substring(last));
        return out;
    }

    /** The placeholders of a token, in order. */
    static List<String> placeholders(String token) {
        List<String> out = new ArrayList<>(2);
        for (int i = token.indexOf('<'); i >= 0; i = token.indexOf('<', i + 1)) {
            int length = placeholderAt(token, i);
            if (length > 0) {
                out.add(token.substring(i, i + length));
                i += length - 1;
            }
        }
        return out;
    }

    static boolean containsDigit(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
