package dev.ferry.connectors.jdbc;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A large value goes through a buffer's spill in pieces, and the bytes that arrive are exactly
 * those the buffer would have held: escapes, multi-byte characters and surrogate pairs that fall
 * on a piece's edge included.
 */
class BulkBufferSpillTest {
    /** About 1.2 MB of text: ASCII, escapes, two- and three-byte characters, pairs at every offset. */
    private static final String TEXT = mixedText(400_000);
    private static final byte[] BYTES = randomBytes(1_500_000);

    @Test
    void escapedTextArrivesAsTheWholeTextWouldEncode() {
        assertSpilledEqualsBuffered(out -> {
            out.putAscii("1\t");
            out.putEscaped(TEXT);
            out.put('\n');
        });
    }

    @Test
    void hexAndByteaArriveAsTheWholeValueWouldEncode() {
        assertSpilledEqualsBuffered(out -> out.putHex(BYTES));
        assertSpilledEqualsBuffered(out -> out.putBytea(BYTES));
    }

    @Test
    void rawBytesAndLengthPrefixedTextArriveAsTheWholeValueWouldEncode() {
        assertSpilledEqualsBuffered(out -> {
            out.putInt32(BYTES.length);
            out.putRaw(BYTES);
            out.putUtf8WithLength(TEXT);
        });
    }

    @Test
    void aLoneHighSurrogateAtAPiecesEdgeEncodesAsInTheWholeText() {
        StringBuilder text = new StringBuilder("a".repeat(BulkBuffer.PIECE / 3 - 1)).append('\uD83C').append('x');
        text.append("b".repeat(BulkBuffer.PIECE));
        assertSpilledEqualsBuffered(out -> out.putEscaped(text.toString()));
        assertSpilledEqualsBuffered(out -> out.putUtf8WithLength(text.toString()));
    }

    @Test
    void theBufferNeverHoldsMuchMoreThanAPiece() {
        List<Integer> pieces = new ArrayList<>();
        BulkBuffer buffer = new BulkBuffer(1024);
        buffer.spillTo((bytes, offset, length) -> pieces.add(length));

        buffer.putEscaped(TEXT);
        buffer.putHex(BYTES);
        buffer.putRaw(BYTES);

        assertThat(pieces).isNotEmpty().allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(3 * BulkBuffer.PIECE));
        assertThat(buffer.bytes().length).isLessThanOrEqualTo(4 * BulkBuffer.PIECE);
    }

    @Test
    void smallValuesStayInTheBuffer() {
        List<Integer> pieces = new ArrayList<>();
        BulkBuffer buffer = new BulkBuffer(1024);
        buffer.spillTo((bytes, offset, length) -> pieces.add(length));

        buffer.putEscaped("a short\ttext");
        buffer.putHex(new byte[1000]);

        assertThat(pieces).isEmpty();
        assertThat(buffer.size()).isEqualTo("a short\\ttext".length() + 2000);
    }

    @Test
    void aFailingSpillSurfacesItsSqlException() {
        BulkBuffer buffer = new BulkBuffer(1024);
        SQLException refused = new SQLException("server went away");
        buffer.spillTo((bytes, offset, length) -> {
            throw refused;
        });

        assertThatThrownBy(() -> buffer.putRaw(BYTES))
                .isInstanceOf(BulkBuffer.SpillFailure.class)
                .satisfies(e -> assertThat(e.getCause()).isSameAs(refused));
    }

    private static void assertSpilledEqualsBuffered(Consumer<BulkBuffer> encode) {
        BulkBuffer whole = new BulkBuffer(64);
        encode.accept(whole);

        ByteArrayOutputStream spilled = new ByteArrayOutputStream();
        BulkBuffer pieces = new BulkBuffer(64);
        pieces.spillTo(spilled::write);
        encode.accept(pieces);
        spilled.write(pieces.bytes(), 0, pieces.size());

        assertThat(spilled.size()).isEqualTo(whole.size());
        assertThat(spilled.toByteArray()).isEqualTo(java.util.Arrays.copyOf(whole.bytes(), whole.size()));
    }

    private static String mixedText(int units) {
        String[] parts = {"plain ascii ", "tab\there ", "back\\slash ", "new\nline ", "é", "中文", "\uD83C\uDFA4", "\r"};
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        while (text.length() < units) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(11).nextBytes(bytes);
        return bytes;
    }
}
