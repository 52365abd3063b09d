package io.logwarden.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a line says it was written, read from the header fields its format splits off: {@code <Month> <Date> <Time>}
 * (syslog, auth.log), {@code <Date> <Time>} (ISO dates, {@code yyyy/MM/dd}, HDFS's {@code yyMMdd HHmmss}) or one
 * {@code <Timestamp>} (ISO-8601, epoch seconds or milliseconds). Most logs carry no zone: their time stays the log's
 * own local time rather than being shifted to a zone the log never named. Syslog has no year either: it is taken as
 * the year of {@code today}, or the one before when the date would lie more than a day ahead.
 */
public final class EventTime {

    /** A time read from a line; {@code offset} only when the line named one. */
    public record Stamp(LocalDateTime local, ZoneOffset offset, boolean yearAssumed) implements Comparable<Stamp> {

        /** ISO-8601, with the offset only when the log gave one. */
        public String iso() {
            return offset == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local)
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local.atOffset(offset));
        }

        @Override
        public int compareTo(Stamp other) {
            return instant().compareTo(other.instant());
        }

        // a log without a zone compares as UTC: one log mixing zoned and unzoned stamps is not worth more
        private Instant instant() {
            return local.toInstant(offset == null ? ZoneOffset.UTC : offset);
        }
    }

    private static final List<String> TIME_FIELDS = List.of("timestamp", "datetime", "date", "time");
    private static final Pattern EPOCH = Pattern.compile("\\d{10}(\\d{3})?(\\.\\d+)?");
    private static final DateTimeFormatter CLOCK = new DateTimeFormatterBuilder()
            .appendPattern("H:mm:ss").optionalStart().appendPattern("[.][,]").appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, false)
            .optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter COMPACT_CLOCK = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT),
            DateTimeFormatter.ofPattern("uuuu/MM/dd", Locale.ROOT),
            DateTimeFormatter.ofPattern("uuuu.MM.dd", Locale.ROOT),
            DateTimeFormatter.ofPattern("dd/MMM/uuuu", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("uuMMdd", Locale.ROOT));
    private static final DateTimeFormatter MONTH = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("MMM").toFormatter(Locale.ENGLISH);

    private EventTime() {
    }

    /** Whether the fields hold anything a time could be read from (the format names a date, time or timestamp). */
    public static boolean hasTimeFields(Map<String, String> fields) {
        return fields.keySet().stream().anyMatch(name -> TIME_FIELDS.contains(name.toLowerCase(Locale.ROOT)));
    }

    /** The line's own time, or empty when its fields hold none this class can read. */
    public static Optional<Stamp> of(Map<String, String> fields, LocalDate today) {
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        try {
            String timestamp = field(fields, "timestamp", "datetime");
            if (timestamp != null) {
                return timestamp(timestamp);
            }
            String date = field(fields, "date");
            String time = field(fields, "time");
            if (date == null || time == null) {
                return Optional.empty();
            }
            String month = field(fields, "month");
            if (month != null) {
                return syslog(month, date, time, field(fields, "year"), today);
            }
            return dateAndTime(date, time);
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Stamp> syslog(String month, String day, String time, String year, LocalDate today) {
        int m = MONTH.parse(month).get(ChronoField.MONTH_OF_YEAR);
        int d = Integer.parseInt(day);
        LocalTime clock = LocalTime.parse(time, CLOCK);
        if (year != null) {
            return Optional.of(new Stamp(LocalDate.of(Integer.parseInt(year), m, d).atTime(clock), null, false));
        }
        LocalDate date = LocalDate.of(today.getYear(), m, d);
        if (date.isAfter(today.plusDays(1))) {
            date = date.minusYears(1);
        }
        return Optional.of(new Stamp(date.atTime(clock), null, true));
    }

    private static Optional<Stamp> dateAndTime(String date, String time) {
        LocalTime clock = time.contains(":") ? LocalTime.parse(time, CLOCK)
                : LocalTime.parse(time, COMPACT_CLOCK);
        for (DateTimeFormatter format : DATES) {
            try {
                return Optional.of(new Stamp(LocalDate.parse(date, format.withResolverStyle(ResolverStyle.STRICT)).atTime(clock),
                        null, false));
            } catch (DateTimeException e) {
                // the next shape
            }
        }
        return Optional.empty();
    }

    private static Optional<Stamp> timestamp(String value) {
        if (EPOCH.matcher(value).matches()) {
            int digits = value.indexOf('.') < 0 ? value.length() : value.indexOf('.');
            double seconds = Double.parseDouble(value) / (digits == 13 ? 1000 : 1);
            Instant at = Instant.ofEpochMilli(Math.round(seconds * 1000));
            return Optional.of(new Stamp(LocalDateTime.ofInstant(at, ZoneOffset.UTC), ZoneOffset.UTC, false));
        }
        String iso = value.replace(' ', 'T');
        try {
            OffsetDateTime zoned = OffsetDateTime.parse(iso);
            return Optional.of(new Stamp(zoned.toLocalDateTime(), zoned.getOffset(), false));
        } catch (DateTimeException e) {
            return Optional.of(new Stamp(LocalDateTime.parse(iso), null, false));
        }
    }

    private static String field(Map<String, String> fields, String... names) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            for (String name : names) {
                if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isBlank()) {
                    return e.getValue().strip();
                }
            }
        }
        return null;
    }
}
