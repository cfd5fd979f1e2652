package dev.ferry.server.ui.pages;

import dev.ferry.engine.state.RunFilter;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.ui.UiPaths;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Logs page's filters as its GET form sends them, so that a filtered page's URL can be shared:
 * {@code pipeline}, {@code status} (a state's name), {@code from} and {@code to} (dates, both days
 * included), {@code zone} (the time zone those days are read in), {@code q} (text in the error) and
 * {@code page} (from 1). Blank fields are no filter.
 *
 * <p>The page shows times in the browser's zone, so its script sends that zone and a day means the
 * browser's day. Without a zone (no script) days are UTC days. A zone this server does not know is
 * read as UTC, and the page says so, rather than answering 400: the browser fills the field, not the
 * person, who could do nothing about such an error but lose the page.
 *
 * @param zone the zone as sent; null when none was
 */
public record LogsQuery(String pipeline, String status, String from, String to, String zone, String q, int page) {
    public static final int PAGE_SIZE = 50;
    /** Far beyond any history, and low enough that the offset stays an int. */
    private static final int MAX_PAGE = 1_000_000;
    /** As a region rather than an offset, so the page names it UTC, not Z. */
    private static final ZoneId UTC = ZoneId.of("UTC");

    public static LogsQuery of(Context ctx) {
        String page = blankToNull(ctx.queryParam("page"));
        int number;
        try {
            number = page == null ? 1 : Integer.parseInt(page);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1 || number > MAX_PAGE) {
            throw new HttpResponseException(400, "The page is a whole number from 1 to " + MAX_PAGE + ", not '" + page + "'");
        }
        return new LogsQuery(blankToNull(ctx.queryParam("pipeline")), blankToNull(ctx.queryParam("status")),
                blankToNull(ctx.queryParam("from")), blankToNull(ctx.queryParam("to")), blankToNull(ctx.queryParam("zone")),
                blankToNull(ctx.queryParam("q")), number);
    }

    /** The store's filter for this page; a field that cannot be read is a 400 naming it. */
    public RunFilter filter() {
        RunFilter filter = RunFilter.all().withPipeline(pipeline).withErrorText(q).withLimit(PAGE_SIZE)
                .withOffset((page - 1) * PAGE_SIZE);
        if (status != null) {
            try {
                filter = filter.withStatuses(Set.of(RunStatus.valueOf(status.toUpperCase(Locale.ROOT))));
            } catch (IllegalArgumentException e) {
                throw new HttpResponseException(400, "No run is in state '" + status + "'; the states are "
                        + String.join(", ", statuses()));
            }
        }
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw new HttpResponseException(400, "The range ends (" + toDay + ") before it starts (" + fromDay + ")");
        }
        ZoneId days = zoneId();
        // atStartOfDay(zone), not midnight: in a zone whose clocks skip midnight the day starts at the first valid time.
        return filter.withStartedFrom(fromDay == null ? null : fromDay.atStartOfDay(days).toInstant())
                .withStartedTo(toDay == null ? null : toDay.plusDays(1).atStartOfDay(days).toInstant());
    }

    /** The zone the days are read in: the one sent, or UTC when none was or this server does not know it. */
    public ZoneId zoneId() {
        return known(zone).orElse(UTC);
    }

    /** Whether a zone was sent that this server does not know (so the days are UTC days). */
    public boolean zoneUnknown() {
        return zone != null && known(zone).isEmpty();
    }

    public boolean filtered() {
        return pipeline != null || status != null || from != null || to != null || q != null;
    }

    /** The URL of another page of the same filters. */
    public String pageUrl(int number) {
        List<String> parameters = new ArrayList<>();
        add(parameters, "pipeline", pipeline);
        add(parameters, "status", status);
        add(parameters, "from", from);
        add(parameters, "to", to);
        add(parameters, "zone", zone);
        add(parameters, "q", q);
        if (number > 1) {
            parameters.add("page=" + number);
        }
        return UiPaths.LOGS + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
    }

    /** The states a run can be in, in lower case, as the status field offers them. */
    public static List<String> statuses() {
        return java.util.Arrays.stream(RunStatus.values()).map(value -> value.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static LocalDate day(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new HttpResponseException(400, "The " + field + " date is a day such as 2026-03-01, not '" + text + "'");
        }
    }

    private static Optional<ZoneId> known(String zone) {
        if (zone == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(zone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static void add(List<String> parameters, String name, String value) {
        if (value != null) {
            parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
