package dev.ferry.api;

/**
 * Which remote object each source record became, for destinations that name objects themselves (a
 * SaaS API answers a create with the new object's id). Kept by the engine for each pipeline and
 * destination object type ({@code target}: the table a stream writes to, such as {@code contacts}),
 * so an update or a delete reaches the object the create made, a replay after a crash updates
 * instead of creating twice, and one stream can point at another's objects (an appointment at the
 * contact its patient became). Each call is durable when it returns. Thread-safe.
 */
public interface KeyMap {

    /**
     * The remote id of the record with {@code sourceKey}, or null. A key is its column's value as text
     * (a decimal without exponent), several key columns a JSON array of them.
     */
    String remoteId(String target, String sourceKey);

    /** Remembers that the record with {@code sourceKey} is remote object {@code remoteId}. */
    void put(String target, String sourceKey, String remoteId);

    /** Forgets the record's remote object (it was deleted). */
    void remove(String target, String sourceKey);

    /** The keys of every record whose remote object the map knows for {@code target}: to find those the source no longer has. */
    java.util.List<String> sourceKeys(String target);
}
