package dev.ferry.testkit.convex;

/**
 * Convex's documented per-call limits, enforced by the fake so clients learn to size batches.
 * The write-count text is Convex's own; the other texts are the fake's choice (Convex documents
 * the limits, not their messages), each naming the limit.
 */
public final class FunctionLimits {

    public static final long ARGUMENTS_BYTES = 16L * 1024 * 1024;
    public static final int DOCUMENTS_WRITTEN = 16_000;
    public static final long BYTES_WRITTEN = 16L * 1024 * 1024;
    public static final int ARRAY_ELEMENTS = 8_192;
    public static final long DOCUMENT_BYTES = 1024L * 1024;
    /** Each index lookup ({@code withIndex(...).unique()}) reads one range. */
    public static final int INDEX_RANGES = 4_096;

    private FunctionLimits() {
    }

    static String tooManyWrites() {
        return "Too many writes in a single function execution (limit: " + DOCUMENTS_WRITTEN + ")";
    }

    static String tooManyBytesWritten() {
        return "Too many bytes written in a single function execution (limit: " + BYTES_WRITTEN + " bytes)";
    }

    static String tooManyIndexRanges() {
        return "Too many index ranges read in a single function execution (limit: " + INDEX_RANGES + ")";
    }

    /** Rejects any array, at any depth, longer than Convex allows. */
    static void checkArrays(ConvexValue value, String where) {
        switch (value) {
            case ConvexValue.Array array -> {
                if (array.elements().size() > ARRAY_ELEMENTS) {
                    throw new ConvexFunctionError("Array length is too long (" + array.elements().size()
                            + " > maximum length " + ARRAY_ELEMENTS + ") in " + where);
                }
                for (int i = 0; i < array.elements().size(); i++) {
                    checkArrays(array.elements().get(i), where + "[" + i + "]");
                }
            }
            case ConvexValue.Obj object -> object.fields().forEach((name, field) -> checkArrays(field, where + "." + name));
            default -> { }
        }
    }

    static void checkDocument(String table, ConvexValue.Obj document) {
        long size = document.approximateSize();
        if (size > DOCUMENT_BYTES) {
            throw new ConvexFunctionError("Document is too large for table " + table + " (" + size
                    + " bytes > maximum size " + DOCUMENT_BYTES + " bytes)");
        }
        checkArrays(document, table);
    }
}
