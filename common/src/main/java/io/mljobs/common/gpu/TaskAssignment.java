package io.mljobs.common.gpu;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task of a GPU stage held and when: the manifest's proof of where the work ran.
 *
 * @param stageId Spark's stage id
 * @param partition the partition the task computed
 * @param attempt the task attempt number
 * @param executorId the executor that ran it
 * @param addresses the GPU addresses it held (empty on CPU)
 * @param device the device the model code was told to use ({@code cuda:0}, {@code cpu})
 * @param startMs when the task's work began (epoch ms)
 * @param endMs when it ended (epoch ms)
 */
public record TaskAssignment(
    int stageId,
    int partition,
    int attempt,
    String executorId,
    List<String> addresses,
    String device,
    long startMs,
    long endMs)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public TaskAssignment {
    addresses = List.copyOf(addresses);
  }

  /** The manifest form. */
  public Map<String, Object> toManifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", stageId);
    m.put("partition", partition);
    m.put("attempt", attempt);
    m.put("executor", executorId);
    m.put("addresses", addresses);
    m.put("device", device);
    m.put("start_ms", startMs);
    m.put("end_ms", endMs);
    return m;
  }
}
