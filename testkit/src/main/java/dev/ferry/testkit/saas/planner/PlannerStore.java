package dev.ferry.testkit.saas.planner;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans and their tasks, and how a change is applied to a task: the writable properties
 * ({@code title, bucketId, percentComplete, priority, startDateTime, dueDateTime, assignments,
 * appliedCategories}) are merged, an assignment or category set to null (a category to false) is
 * removed, {@code completedDateTime} is set when {@code percentComplete} reaches 100 and cleared
 * below, and the version moves. Other properties answer 400: the read-only ones Graph documents
 * ({@code id, planId, createdDateTime, completedDateTime}) and unknown ones (a choice, UNCONFIRMED).
 * Thread-safe by synchronising on the store.
 */
final class PlannerStore {

    private static final Set<String> WRITABLE = Set.of("title", "bucketId", "percentComplete", "priority", "startDateTime",
            "dueDateTime", "assignments", "appliedCategories", "orderHint", "@odata.etag");

    private final Set<String> plans = new HashSet<>();
    private final Map<String, PlannerTask> tasks = new LinkedHashMap<>();
    private long sequence;

    synchronized void addPlan(String planId) {
        plans.add(planId);
    }

    synchronized boolean hasPlan(String planId) {
        return plans.contains(planId);
    }

    synchronized PlannerTask task(String id) {
        return tasks.get(id);
    }

    /** The plan's tasks from the one created {@code fromSequence}-th on, at most {@code limit} plus one to tell a next page. */
    synchronized List<PlannerTask> page(String planId, long fromSequence, int limit) {
        List<PlannerTask> page = new ArrayList<>();
        for (PlannerTask task : tasks.values()) {
            if (task.planId().equals(planId) && task.sequence() >= fromSequence) {
                page.add(task);
                if (page.size() > limit) {
                    break;
                }
            }
        }
        return page;
    }

    synchronized List<PlannerTask> tasks(String planId) {
        return tasks.values().stream().filter(task -> task.planId().equals(planId)).toList();
    }

    synchronized PlannerTask create(String planId, JsonNode fields, Instant now) {
        PlannerTask blank = new PlannerTask(newId(), planId, null, null, 0, 5, null, null, null, now, Map.of(), Map.of(),
                1, ++sequence);
        PlannerTask task = apply(blank, fields, now, false);
        tasks.put(task.id(), task);
        return task;
    }

    /** Applies the changes as a new version; 400 for a property that cannot be written. */
    synchronized PlannerTask change(String id, JsonNode changes, Instant now) {
        PlannerTask changed = apply(tasks.get(id), changes, now, true);
        tasks.put(id, changed);
        return changed;
    }

    synchronized PlannerTask delete(String id) {
        return tasks.remove(id);
    }

    private static PlannerTask apply(PlannerTask task, JsonNode changes, Instant now, boolean bumpVersion) {
        for (var names = changes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!WRITABLE.contains(name) && !(name.equals("planId") && !bumpVersion)) {
                throw GraphErrors.http(400, "", "Invalid request: property '" + name + "' cannot be written on a plannerTask.");
            }
        }
        int percentComplete = changes.has("percentComplete") ? bounded(changes.get("percentComplete"), 0, 100, "percentComplete")
                : task.percentComplete();
        int priority = changes.has("priority") ? bounded(changes.get("priority"), 0, 10, "priority") : task.priority();
        Instant completed = percentComplete == 100 ? (task.completedDateTime() == null ? now : task.completedDateTime()) : null;
        Map<String, Map<String, Object>> assignments = new LinkedHashMap<>(task.assignments());
        changes.path("assignments").properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                assignments.remove(entry.getKey());
            } else {
                Map<String, Object> assignment = new LinkedHashMap<>();
                assignment.put("@odata.type", "#microsoft.graph.plannerAssignment");
                assignment.put("assignedDateTime", now.toString());
                assignment.put("orderHint", entry.getValue().path("orderHint").asText(" !"));
                assignments.put(entry.getKey(), assignment);
            }
        });
        Map<String, Boolean> categories = new LinkedHashMap<>(task.appliedCategories());
        changes.path("appliedCategories").properties().forEach(entry -> {
            if (entry.getValue().asBoolean(false)) {
                categories.put(entry.getKey(), true);
            } else {
                categories.remove(entry.getKey());
            }
        });
        return new PlannerTask(task.id(), task.planId(),
                text(changes, "bucketId", task.bucketId()), text(changes, "title", task.title()), percentComplete, priority,
                instant(changes, "startDateTime", task.startDateTime()), instant(changes, "dueDateTime", task.dueDateTime()),
                completed, task.createdDateTime(), assignments, categories,
                bumpVersion ? task.version() + 1 : task.version(), task.sequence());
    }

    private static String text(JsonNode changes, String name, String current) {
        if (!changes.has(name)) {
            return current;
        }
        return changes.get(name).isNull() ? null : changes.get(name).asText();
    }

    private static Instant instant(JsonNode changes, String name, Instant current) {
        if (!changes.has(name)) {
            return current;
        }
        if (changes.get(name).isNull()) {
            return null;
        }
        try {
            return Instant.parse(changes.get(name).asText());
        } catch (DateTimeParseException e) {
            throw GraphErrors.http(400, "", "Invalid request: " + name + " must be an ISO 8601 date and time in UTC");
        }
    }

    private static int bounded(JsonNode value, int low, int high, String name) {
        if (!value.canConvertToInt() || value.asInt() < low || value.asInt() > high) {
            throw GraphErrors.http(400, "", "Invalid request: " + name + " must be a whole number from " + low + " to " + high);
        }
        return value.asInt();
    }

    /** 28 characters like Planner's ids. */
    private static String newId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 28; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
