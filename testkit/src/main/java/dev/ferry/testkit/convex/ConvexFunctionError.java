package dev.ferry.testkit.convex;

/** An error a function reports: {@code {"status": "error", "errorMessage", "errorData"}} with HTTP 200. */
public final class ConvexFunctionError extends RuntimeException {

    private final transient ConvexValue errorData;

    public ConvexFunctionError(String message) {
        this(message, null);
    }

    public ConvexFunctionError(String message, ConvexValue errorData) {
        super(message);
        this.errorData = errorData;
    }

    /** The {@code ConvexError} payload, or null. */
    public ConvexValue errorData() {
        return errorData;
    }
}
