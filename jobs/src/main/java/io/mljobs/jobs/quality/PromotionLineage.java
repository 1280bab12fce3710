package io.mljobs.jobs.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mljobs.common.delta.CommitLog;
import io.mljobs.quality.DatasetSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * What a promotion to silver was made from: the version of every table its checks read, the rows
 * selected, and the dataset's config. It is stored in the silver commit's user metadata ({@code
 * promoted_from}, {@code promotion_key}), so that a later run finds an unchanged input and skips
 * re-checking and re-writing it ({@code skip-unchanged}).
 *
 * @param description readable form ({@code bronze.merchants@3; all rows})
 * @param key hash of the description and the dataset's config; equal keys mean the same promotion
 */
record PromotionLineage(String description, String key) {
  /** Promotions further back in silver's history than this are not looked for. */
  private static final int HISTORY_DEPTH = 20;

  /** An earlier promotion of the same inputs, found in silver's history. */
  record Earlier(long silverVersion, String runId) {}

  /**
   * The lineage of promoting {@code selection} of {@code dataset} from tables at {@code versions}.
   */
  static PromotionLineage of(DatasetSpec dataset, Map<String, Long> versions, String selection) {
    String description =
        versions.entrySet().stream()
                .map(e -> e.getKey() + "@" + e.getValue())
                .collect(Collectors.joining(", "))
            + "; "
            + selection;
    return new PromotionLineage(description, sha256(description + "\n" + dataset));
  }

  /** The user metadata a promotion commit carries (added to the run's own). */
  Map<String, Object> commitMetadata() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("promoted_from", description);
    metadata.put("promotion_key", key);
    return metadata;
  }

  /**
   * The latest promotion in silver's recent history when it was made from these very inputs and
   * config; empty when there is none, or when the latest promotion was made from something else.
   */
  Optional<Earlier> lastPromotion(SparkSession spark, String silverPath) {
    ObjectMapper json = new ObjectMapper();
    for (CommitLog.Commit commit : CommitLog.of(spark, silverPath).newestFirst(0, HISTORY_DEPTH)) {
      String userMetadata = commit.userMetadata();
      if (userMetadata == null || !userMetadata.contains("\"promotion_key\"")) {
        continue; // not a promotion (maintenance, a hand-made commit)
      }
      try {
        JsonNode metadata = json.readTree(userMetadata);
        if (!key.equals(metadata.path("promotion_key").asText())) {
          return Optional.empty();
        }
        return Optional.of(new Earlier(commit.version(), metadata.path("run_id").asText("?")));
      } catch (java.io.IOException e) {
        return Optional.empty(); // unreadable metadata: check again rather than guess
      }
    }
    return Optional.empty();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
