package dev.ferry.testkit.saas.alfadocs;

import dev.ferry.testkit.saas.FakeHttpServer;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;
import dev.ferry.testkit.saas.SaasRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The routes of the fake AlfaDocs API, under {@code /api/v1}. */
final class AlfaDocsRoutes {

    static final String ARCHIVE = "/practices/{practiceId}/archives/{archiveId}";

    private final FakeAlfaDocs fake;
    private final Supplier<String> baseUrl;

    AlfaDocsRoutes(FakeAlfaDocs fake, Supplier<String> baseUrl) {
        this.fake = fake;
        this.baseUrl = baseUrl;
    }

    List<SaasRoute> list() {
        return new FakeHttpServer.Routes()
                .add("GET", "/me", this::me)
                .add("GET", ARCHIVE + "/patients", this::patients)
                .add("GET", ARCHIVE + "/patients/{id}", this::patient)
                .add("GET", ARCHIVE + "/appointments", this::appointments)
                .add("GET", ARCHIVE + "/care-plans/{id}", this::carePlan)
                .list();
    }

    /** Choice (UNCONFIRMED): the two ids at the top level, as the documentation lists them, not under {@code data}. */
    private SaasResponse me(SaasRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("practiceId", fake.practiceId());
        body.put("archiveId", fake.archiveId());
        return SaasResponse.ok(body);
    }

    /**
     * {@code {results, links: {next, pages}}}; {@code next} is the absolute URL of the next page
     * with every query parameter kept, null on the last page. Choice (UNCONFIRMED): the paging
     * parameters are {@code page} (from 1) and {@code limit} (at most 100, default the fake's page
     * size); a page past the end is empty with {@code next} null; {@code pages} is at least 1.
     */
    private SaasResponse patients(SaasRequest request) {
        int page = intParameter(request, "page", 1, 1, Integer.MAX_VALUE);
        int limit = intParameter(request, "limit", fake.patientPageSize(), 1, FakeAlfaDocs.MAX_PAGE_SIZE);
        long total = fake.patientStore().count();
        long pages = Math.max(1, (total + limit - 1) / limit);
        List<AlfaDocsPatient> results = fake.patientStore().page((long) (page - 1) * limit, limit);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("next", switch (fake.pagingQuirk()) {
            case NONE -> page < pages ? nextPageUrl(request, page + 1) : null;
            case LAST_PAGE_LINKS_TO_ITSELF -> nextPageUrl(request, page < pages ? page + 1 : page);
            case NEVER_ENDS -> nextPageUrl(request, page + 1);
        });
        links.put("pages", pages);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results);
        body.put("links", links);
        return SaasResponse.ok(body);
    }

    private String nextPageUrl(SaasRequest request, int page) {
        StringBuilder url = new StringBuilder(baseUrl.get()).append(request.path()).append("?");
        Map<String, String> query = new LinkedHashMap<>(request.query());
        query.put("page", Integer.toString(page));
        query.forEach((name, value) -> url.append(encode(name)).append('=').append(encode(value)).append('&'));
        url.setLength(url.length() - 1);
        return url.toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private SaasResponse patient(SaasRequest request) {
        AlfaDocsPatient patient = fake.patientStore().get(idParameter(request));
        if (patient == null) {
            throw AlfaDocsErrors.http(404, "Patient " + request.pathParameter("id") + " not found");
        }
        return SaasResponse.ok(Map.of("data", patient));
    }

    private SaasResponse appointments(SaasRequest request) {
        AppointmentRange range = AppointmentRange.parse(request.queryParameter("dateStart"),
                request.queryParameter("dateEnd"), fake.maxAppointmentRangeDays());
        List<AlfaDocsAppointment> found = fake.appointmentStore().between(range.start(), range.end());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("count", found.size());
        body.put("data", found);
        return SaasResponse.ok(body);
    }

    private SaasResponse carePlan(SaasRequest request) {
        long id = idParameter(request);
        if (fake.isCarePlanForbidden(id)) {
            throw AlfaDocsErrors.http(403, "Access denied to care plan " + id);
        }
        AlfaDocsCarePlan carePlan = fake.carePlan(id);
        if (carePlan == null) {
            throw AlfaDocsErrors.http(404, "Care plan " + id + " not found");
        }
        return SaasResponse.ok(Map.of("data", carePlan));
    }

    private static long idParameter(SaasRequest request) {
        try {
            return Long.parseLong(request.pathParameter("id"));
        } catch (NumberFormatException e) {
            throw AlfaDocsErrors.http(404, "No record with id '" + request.pathParameter("id") + "'");
        }
    }

    private static int intParameter(SaasRequest request, String name, int fallback, int min, int max) {
        String text = request.queryParameter(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw AlfaDocsErrors.http(400, name + " must be from " + min + " to " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw AlfaDocsErrors.http(400, name + " must be a whole number, got '" + text + "'");
        }
    }
}
