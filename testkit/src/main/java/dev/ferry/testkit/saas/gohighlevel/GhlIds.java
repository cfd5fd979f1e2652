package dev.ferry.testkit.saas.gohighlevel;

import java.util.SplittableRandom;

/**
 * Ids shaped like GoHighLevel's (20 letters and digits), from a fixed seed so that a test run
 * gives the same ids every time.
 */
final class GhlIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final SplittableRandom random = new SplittableRandom(20210728);

    synchronized String next() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }
}
