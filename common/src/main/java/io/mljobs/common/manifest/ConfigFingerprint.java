package io.mljobs.common.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The part of a run's config that decides what it writes, as flat {@code key -> value} pairs, and
 * its fingerprint. Two attempts of a run id are the same run only when these agree: a re-run under
 * changed config would otherwise have its writes skipped as already done.
 *
 * <p>Left out: {@code mljobs.spark} (session tuning does not change results) and the sections of
 * other jobs under {@code mljobs.jobs}. Secrets are already masked in the tree it is made from, so
 * a changed password is not a change.
 */
public final class ConfigFingerprint {
  private ConfigFingerprint() {}

  /**
   * Flattens the manifest's {@code config} tree (rooted at {@code mljobs}) to dotted keys; lists
   * are compared whole (their JSON).
   */
  public static Map<String, String> comparable(Map<String, Object> config, String job) {
    Map<String, String> flat = new TreeMap<>();
    flatten("", config, flat);
    flat.keySet().removeIf(key -> ignored(key, job));
    return flat;
  }

  /** SHA-256 of the comparable pairs, hex. */
  public static String of(Map<String, String> comparable) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(comparable).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The keys whose values differ between {@code before} and {@code now}, sorted. */
  public static List<String> differences(Map<String, String> before, Map<String, String> now) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(now.keySet());
    List<String> differing = new ArrayList<>();
    for (String key : keys) {
      if (!Objects.equals(before.get(key), now.get(key))) {
        differing.add(key);
      }
    }
    return differing;
  }

  private static boolean ignored(String key, String job) {
    if (key.equals("mljobs.spark") || key.startsWith("mljobs.spark.")) {
      return true;
    }
    String jobs = "mljobs.jobs.";
    if (!key.startsWith(jobs)) {
      return false;
    }
    String own = jobs + job;
    return !(key.equals(own) || key.startsWith(own + "."));
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object value, Map<String, String> into) {
    if (value instanceof Map<?, ?> map) {
      // an empty section says nothing: {} and an absent section are the same config
      ((Map<String, Object>) map)
          .forEach((k, v) -> flatten(prefix.isEmpty() ? k : prefix + "." + k, v, into));
    } else {
      into.put(prefix, value instanceof String s ? s : ManifestJson.compact(value));
    }
  }
}
