package dev.ferry.api;

/**
 * What a destination does with rows whose keys the source no longer has, once a complete read
 * proved them gone.
 */
public enum DeletePolicy {
    /** Leave them: the destination keeps every row it ever received. */
    NONE,
    /** Delete them. */
    HARD,
    /**
     * Keep them and set {@value WriteRequest#SOFT_DELETE_COLUMN} to the time they were found gone;
     * a row that comes back has it cleared by its next write.
     */
    SOFT
}
