package dev.ferry.testkit.convex;

import java.security.SecureRandom;

/**
 * Makes document ids. Real Convex ids are opaque 32-character strings in a base32 alphabet; the
 * fake's are random strings of the same shape, so nothing may rely on their order or content.
 */
final class DocumentIds {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private final SecureRandom random = new SecureRandom();

    String next() {
        char[] id = new char[32];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
