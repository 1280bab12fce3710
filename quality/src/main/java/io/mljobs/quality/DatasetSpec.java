package io.mljobs.quality;

import io.mljobs.common.table.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * A dataset declared under {@code mljobs.datasets.<name>}: the table its rows are checked in, the
 * checks, and where rows that pass (silver) or fail row-level checks (quarantine) go.
 *
 * @param name dataset name (the config key)
 * @param table the checked table ({@code bronze.pos_transactions})
 * @param partitionColumn when set, only the run date's partition ({@code column = run date}) is
 *     checked and promoted
 * @param silverTable where checked rows are promoted ({@code silver.<name>})
 * @param quarantineTable where rows failing row-level checks go in quarantine mode
 * @param checks the checks, in declaration order
 * @param rowLevel what row-level checks do with offending rows
 * @param promotion how checked rows reach silver: quarantine and empty-promotion guards, primary
 *     key, skipping unchanged inputs
 */
public record DatasetSpec(
    String name,
    TableRef table,
    Optional<String> partitionColumn,
    TableRef silverTable,
    TableRef quarantineTable,
    List<CheckSpec> checks,
    RowLevelMode rowLevel,
    PromotionSpec promotion) {
  public DatasetSpec {
    checks = List.copyOf(checks);
  }

  /** True when a failed {@code check} closes the gate (given this dataset's row-level mode). */
  public boolean gates(CheckSpec check) {
    return !(rowLevel == RowLevelMode.QUARANTINE && quarantines(check));
  }

  /**
   * True when offending rows of {@code check} are routed to quarantine: quarantine mode, a strict
   * (threshold 1.0) error-level row-level check. Warning-level checks only ever warn.
   */
  public boolean quarantines(CheckSpec check) {
    return rowLevel == RowLevelMode.QUARANTINE
        && check.rowLevel()
        && check.threshold() >= 1.0
        && check.severity() == Severity.ERROR;
  }
}
