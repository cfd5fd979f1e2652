package dev.ferry.testkit.saas.planner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Planner task as the fake keeps it. {@code version} grows with every change and gives the
 * task's etag, so an etag read before a change never matches after it.
 *
 * @param assignments user id → the assignment object ({@code @odata.type}, {@code orderHint},
 *        {@code assignedDateTime})
 * @param appliedCategories {@code category1} … {@code category25} → true
 * @param sequence the creation order, which the plan's task list pages in
 */
public record PlannerTask(String id, String planId, String bucketId, String title, int percentComplete, int priority,
                          Instant startDateTime, Instant dueDateTime, Instant completedDateTime, Instant createdDateTime,
                          Map<String, Map<String, Object>> assignments, Map<String, Boolean> appliedCategories,
                          long version, long sequence) {

    public PlannerTask {
        assignments = Map.copyOf(assignments);
        appliedCategories = Map.copyOf(appliedCategories);
    }

    /**
     * A weak etag in the form Planner answers ({@code W/"<base64>"}); what the base64 holds is the
     * fake's choice (UNCONFIRMED): the version and the id, so it changes with every change.
     */
    public String etag() {
        String inner = "'" + version + "-Task" + id + "'";
        return "W/\"" + Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    Map<String, Object> json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.etag", etag());
        body.put("id", id);
        body.put("planId", planId);
        body.put("bucketId", bucketId);
        body.put("title", title);
        body.put("orderHint", "8585" + sequence + " !");
        body.put("percentComplete", percentComplete);
        body.put("priority", priority);
        body.put("startDateTime", text(startDateTime));
        body.put("dueDateTime", text(dueDateTime));
        body.put("completedDateTime", text(completedDateTime));
        body.put("createdDateTime", text(createdDateTime));
        body.put("hasDescription", false);
        body.put("previewType", "automatic");
        body.put("referenceCount", 0);
        body.put("checklistItemCount", 0);
        body.put("activeChecklistItemCount", 0);
        body.put("conversationThreadId", null);
        body.put("assignments", assignments);
        body.put("appliedCategories", appliedCategories);
        return body;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
