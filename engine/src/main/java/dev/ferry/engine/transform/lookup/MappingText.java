package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformDefinitionException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/**
 * Reads a mapping file's bytes within its size limit and decodes them as strict UTF-8, a leading byte
 * order mark dropped. Every format goes through here, so that a file in Latin-1 or Windows-1252 is
 * refused with the line of its first bad byte instead of being read with replacement characters.
 */
final class MappingText {

    private MappingText() {
    }

    static String read(MappingSource source) {
        byte[] bytes = readBytes(source);
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
                || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
            throw new TransformDefinitionException(source.describe()
                    + " is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8");
        }
        return decode(source, bytes, start);
    }

    private static byte[] readBytes(MappingSource source) {
        try {
            if (Files.isDirectory(source.path())) {
                throw new TransformDefinitionException(source.describe() + " cannot be read: it is a directory");
            }
            long size = Files.size(source.path());
            if (size > source.maxBytes()) {
                throw tooBig(source, size);
            }
            try (InputStream in = Files.newInputStream(source.path())) {
                // The limit holds even when the file grows between the size check and the read.
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, source.maxBytes() + 1));
                if (bytes.length > source.maxBytes()) {
                    throw tooBig(source, bytes.length);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new TransformDefinitionException(source.describe() + " cannot be read: there is no such file", e);
        } catch (AccessDeniedException e) {
            throw new TransformDefinitionException(source.describe() + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new TransformDefinitionException(source.describe() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static TransformDefinitionException tooBig(MappingSource source, long size) {
        return new TransformDefinitionException(source.describe() + " is " + size + " bytes, over the limit of "
                + source.maxBytes() + " bytes for a mapping file (it is held in memory for the whole run);"
                + " use a table lookup for mappings this large");
    }

    private static String decode(MappingSource source, byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new TransformDefinitionException(source.describe() + ", line " + line + ": byte 0x"
                    + String.format("%02X", bytes[offset] & 0xFF) + " at byte " + (offset - lineStart + 1)
                    + " of the line is not UTF-8; save the file as UTF-8 (Latin-1 and Windows-1252 files are refused"
                    + " rather than read with replaced characters)");
        }
        out.flip();
        return out.toString();
    }
}
