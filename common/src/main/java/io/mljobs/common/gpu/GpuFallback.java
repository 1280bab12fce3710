package io.mljobs.common.gpu;

/** What a job does when the GPU profile is on but the plugin or the GPUs are missing. */
public enum GpuFallback {
  /** Stop with a message that says what is missing (exit 2 before Spark starts, 1 after). */
  FAIL,
  /** Run on the CPU instead, log a warning and record why in the run manifest. */
  CPU
}
