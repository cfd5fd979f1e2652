package dev.ferry.testkit.convex;

/** What a deploy key may do: the export API needs data view, the import API backups import. */
public enum Permission {
    DATA_VIEW,
    BACKUPS_IMPORT
}
