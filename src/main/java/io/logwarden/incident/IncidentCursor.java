package io.logwarden.incident;

import io.logwarden.web.ApiException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A place in the incident list (newest first: last seen, then id), handed out as {@code next_cursor}.
 * Pages read by cursor never show an incident twice and never skip one that stays where it was; an
 * incident that gets a new alert meanwhile moves to the top, where the first page (or the WebSocket)
 * shows it. Page numbers shift instead during a storm: new incidents push the rows down, repeating some.
 */
public record IncidentCursor(Instant lastSeen, long id) {

    static IncidentCursor of(Incident incident) {
        return new IncidentCursor(incident.getLastSeen(), incident.getId());
    }

    /** Opaque to clients: base64url of "lastSeen|id". */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((lastSeen + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static IncidentCursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            Instant lastSeen = io.logwarden.web.QueryParams.storable("cursor", Instant.parse(text.substring(0, bar)));
            return new IncidentCursor(lastSeen, Long.parseLong(text.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new ApiException(400, "invalid_cursor", "cursor must be a next_cursor value from an earlier answer");
        }
    }
}
