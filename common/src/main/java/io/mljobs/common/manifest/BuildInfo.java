package io.mljobs.common.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The code version baked into the jar at build time (git commit, dirty flag, project version).
 *
 * @param version the Maven project version
 * @param commit the full git commit id, or "unknown" when built outside git
 * @param dirty whether the working tree had uncommitted changes at build time
 */
public record BuildInfo(String version, String commit, boolean dirty) {
  private static final String RESOURCE = "/io/mljobs/common/mljobs-build.properties";

  /** Reads the baked-in properties; never fails (unknown values say so). */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": a manifest without a commit is better than no manifest
    }
    return new BuildInfo(
        properties.getProperty("git.build.version", "unknown"),
        properties.getProperty("git.commit.id", "unknown"),
        Boolean.parseBoolean(properties.getProperty("git.dirty", "false")));
  }
}
