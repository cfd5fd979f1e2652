package dev.ferry.engine.config.loader;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Finds the valid word a misspelt one was probably meant to be: for the loader, and for commands that take a name. */
public final class Suggestions {

    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * The closest candidate: one equal ignoring case, else the single nearest within two edits
     * (insertions, deletions, substitutions or swaps of neighbours). Empty when none is close, or
     * when several are equally close, since a guess between them would mislead.
     */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(word)) {
                return Optional.of(candidate);
            }
        }
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        return best != null && bestDistance <= MAX_DISTANCE && !tie ? Optional.of(best) : Optional.empty();
    }

    /** {@code ; did you mean 'x'?} when a candidate is close, else an empty string. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Damerau-Levenshtein distance (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static String join(List<String> words) {
        return String.join(", ", words);
    }
}
