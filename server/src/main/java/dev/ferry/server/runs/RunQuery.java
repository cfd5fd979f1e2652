package dev.ferry.server.runs;

import dev.ferry.engine.state.RunFilter;
import dev.ferry.engine.state.RunStatus;
import dev.ferry.server.http.ApiException;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the query parameters of {@code GET /api/runs} into a {@link RunFilter}: {@code pipeline},
 * {@code status} (repeated or comma-separated), {@code from} and {@code to} (ISO-8601 instants such
 * as {@code 2026-03-01T08:00:00Z}, offsets such as {@code +01:00}, or dates, read as UTC midnight;
 * {@code from} inclusive, {@code to} exclusive), {@code q} (text in the error, ignoring case),
 * {@code limit} and {@code offset}. A value that cannot be read is a 400 naming the parameter.
 */
final class RunQuery {
    private RunQuery() {
    }

    static RunFilter filter(Context ctx) {
        RunFilter filter = RunFilter.all()
                .withPipeline(blankToNull(ctx.queryParam("pipeline")))
                .withStatuses(statuses(ctx.queryParams("status")))
                .withErrorText(blankToNull(ctx.queryParam("q")))
                .withLimit(RunRoutes.intParam(ctx, "limit", RunFilter.DEFAULT_LIMIT, 1, RunFilter.MAX_LIMIT))
                .withOffset(RunRoutes.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE));
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiException.badRequest("Query parameter to (" + to + ") is before from (" + from + ")");
        }
        return filter.withStartedFrom(from).withStartedTo(to);
    }

    private static Set<RunStatus> statuses(List<String> values) {
        Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        for (String value : values) {
            for (String part : value.split(",")) {
                String name = part.strip().toUpperCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                try {
                    statuses.add(RunStatus.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "bad_request", "Query parameter status cannot be '" + part.strip()
                            + "'; it is one or more of " + Arrays.stream(RunStatus.values()).map(Enum::name)
                            .collect(Collectors.joining(", ")), java.util.Map.of("parameter", "status"));
                }
            }
        }
        return statuses;
    }

    private static Instant instant(Context ctx, String name) {
        String text = blankToNull(ctx.queryParam(name));
        if (text == null) {
            return null;
        }
        // An offset's '+' arrives as a space when the client did not encode it.
        text = text.replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new ApiException(400, "bad_request", "Query parameter " + name + " must be an ISO-8601 time "
                        + "such as 2026-03-01T08:00:00Z or a date such as 2026-03-01, not '" + text + "'",
                        java.util.Map.of("parameter", name));
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
