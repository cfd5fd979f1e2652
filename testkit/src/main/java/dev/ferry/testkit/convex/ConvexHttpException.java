package dev.ferry.testkit.convex;

/** An HTTP error as Convex answers it: a status and a {@code {"code", "message"}} body. */
public final class ConvexHttpException extends RuntimeException {

    private final int status;
    private final String code;

    public ConvexHttpException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }

    public String code() { return code; }
}
