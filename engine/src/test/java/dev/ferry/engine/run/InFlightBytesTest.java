package dev.ferry.engine.run;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader reads on while the batches in flight are below the limit, and waits once they reach it. */
class InFlightBytesTest {

    @Test
    void batchesBelowTheLimitLetTheReaderGoOn() throws InterruptedException {
        InFlightBytes inFlight = new InFlightBytes(12);
        inFlight.add(4);
        inFlight.add(4);

        inFlight.awaitRoom();

        assertThat(inFlight.bytes()).isEqualTo(8);
    }

    @Test
    void aBatchLargerThanTheLimitIsWrittenBeforeTheNextIsRead() throws Exception {
        InFlightBytes inFlight = new InFlightBytes(12);
        inFlight.add(50);

        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try {
                inFlight.awaitRoom();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThatThrownBy(() -> reader.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        inFlight.remove(50);

        reader.get(10, TimeUnit.SECONDS);
        assertThat(inFlight.bytes()).isZero();
    }
}
