package io.mljobs.common.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Suggests the closest known name for a misspelled one ("did you mean ..."). */
public final class NearestNames {
  private NearestNames() {}

  /**
   * The candidate nearest to {@code name} by edit distance, if it is close enough to be a likely
   * typo (distance at most a third of the longer name, and at most 3).
   */
  public static Optional<String> nearest(String name, Collection<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt((String c) -> distance(name, c)).thenComparing(c -> c))
        .filter(c -> isCloseEnough(name, c));
  }

  /** " (did you mean 'x'?)" or an empty string. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return nearest(name, candidates).map(n -> " (did you mean '" + n + "'?)").orElse("");
  }

  private static boolean isCloseEnough(String a, String b) {
    int d = distance(a, b);
    return d <= 3 && d * 3 <= Math.max(a.length(), b.length());
  }

  /** Optimal-string-alignment distance: edits plus adjacent swaps ("sprak" is 1 from "spark"). */
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
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
