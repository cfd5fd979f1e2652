package dev.ferry.server.http;

import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServletContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.util.Map;

/**
 * Refuses a request body larger than the limit with 413 naming the limit. A body that declares its
 * length is refused before anything reads it and before authentication, so a large upload costs the
 * server no more than its headers. A body sent without a length (chunked) is counted while it is
 * read and refused as soon as it passes the limit: Javalin's own limit looks only at the declared
 * length and would read such a body whole into memory.
 */
public final class BodyLimit {
    private BodyLimit() {
    }

    public static void install(Javalin app, long maxBodyBytes) {
        app.before(ctx -> {
            long length = ctx.contentLength();
            if (length > maxBodyBytes) {
                throw tooLarge(maxBodyBytes, length);
            }
            if (length < 0 && ctx instanceof JavalinServletContext servlet) {
                servlet.changeBaseRequest(new LimitedRequest(ctx.req(), maxBodyBytes));
            }
        });
    }

    /** The 413 that names the limit; {@code length} is -1 when the request did not say. */
    static ApiException tooLarge(long maxBodyBytes, long length) {
        return new ApiException(413, "body_too_large", "The request body " + (length < 0 ? "is" : "of " + length + " bytes is")
                + " larger than the limit of " + maxBodyBytes + " bytes (ferry serve --max-body)",
                Map.of("limitBytes", maxBodyBytes));
    }

    /** A request whose body stream fails once more than the limit has been read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedStream(super.getInputStream(), limit);
            }
            return limited;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit, -1);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
