package io.logwarden.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Query parameters of the list and item endpoints (alerts, incidents, feedback), and the optional comment of
 * state changes, read the same way everywhere: a bad value is a 400 naming the parameter and echoing at most
 * 200 characters of what was sent.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** Page number and size of a list request. */
    public record Paging(int page, int size) {
    }

    public static Paging paging(String page, String size, int maxSize) {
        int pageNumber = integer("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = integer("size", size, 50, 1, maxSize);
        if ((long) pageNumber * pageSize > Integer.MAX_VALUE) {
            // the database takes the row offset as a 32-bit int: past that, the query would fail (a 500 before)
            throw new ApiException(400, "invalid_page", "\"page\" times \"size\" must stay below " + Integer.MAX_VALUE
                    + " rows, got page " + pageNumber + " of size " + pageSize);
        }
        return new Paging(pageNumber, pageSize);
    }

    /** A path id: {@code kind} names it in the error ({@code invalid_alert_id}). */
    public static long id(String kind, String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException | NullPointerException ignored) {
            // answered below
        }
        throw new ApiException(400, "invalid_" + kind + "_id", kind + " id must be a positive integer, got \""
                + ApiException.shorten(id) + "\"");
    }

    public static int integer(String name, String value, int whenAbsent, int min, int max) {
        if (value == null || value.isBlank()) {
            return whenAbsent;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be an integer between " + min + " and " + max
                + ", got \"" + ApiException.shorten(value) + "\"");
    }

    /** The latest instant a query may name: what the databases hold and millisecond arithmetic reaches. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be an ISO-8601 instant such as "
                    + "2024-01-01T12:00:00Z, got \"" + ApiException.shorten(value) + "\"");
        }
        return storable(name, parsed);
    }

    /**
     * An instant the database can hold and millisecond arithmetic can reach: Instant parses years up to
     * +-1,000,000,000, and PostgreSQL refused +294277 with a 500 (a black-box tester's since, until and cursor).
     */
    public static Instant storable(String name, Instant value) {
        if (value != null && (value.isBefore(Instant.EPOCH) || value.isAfter(LATEST))) {
            throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be between 1970-01-01T00:00:00Z and "
                    + LATEST + ", got " + value);
        }
        return value;
    }

    /** Absent stays null; otherwise true or false. */
    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be true or false, got \""
                    + ApiException.shorten(value) + "\"");
        };
    }

    /** An operator's comment on a state change or a verdict: at most 4000 characters; blank is none. */
    public static String comment(String comment) {
        if (comment != null && comment.length() > 4000) {
            throw new ApiException(400, "invalid_comment", "a comment may have at most 4000 characters");
        }
        return blankToNull(comment);
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
