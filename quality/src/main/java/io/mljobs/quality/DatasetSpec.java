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
 * @param partitionColumn when set, rows are checked and promoted one date partition at a time
 *     ({@code column = date}; the run date's by default, see the jobs' {@code --from/--to} and
 *     {@code --dates touched}); an event date column puts late rows into their own days
 * @param silverTable where checked rows are promoted ({@code silver.<name>})
 * @param quarantineTable where rows failing row-level checks go in quarantine mode
 * @param checks the checks, in declaration order
 * @param rowLevel what row-level checks do with offending rows
 * @param promotion how checked rows reach silver: quarantine and empty-promotion guards, primary
 *     key, skipping unchanged inputs
 * @param partitionExpr the Spark SQL expression that computes {@code partitionColumn} from the
 *     table's columns ({@code partition = { column = event_date, expr = "to_date(event_ts)" }}), or
 *     empty when the table has the column
 */
public record DatasetSpec(
    String name,
    TableRef table,
    Optional<String> partitionColumn,
    TableRef silverTable,
    TableRef quarantineTable,
    List<CheckSpec> checks,
    RowLevelMode rowLevel,
    PromotionSpec promotion,
    Optional<String> partitionExpr) {
  public DatasetSpec {
    checks = List.copyOf(checks);
    if (partitionExpr.isPresent() && partitionColumn.isEmpty()) {
      throw new IllegalArgumentException("a partition expression needs a partition column");
    }
  }

  /** A dataset whose partition column (if any) is one of its table's columns. */
  public DatasetSpec(
      String name,
      TableRef table,
      Optional<String> partitionColumn,
      TableRef silverTable,
      TableRef quarantineTable,
      List<CheckSpec> checks,
      RowLevelMode rowLevel) {
    this(
        name,
        table,
        partitionColumn,
        silverTable,
        quarantineTable,
        checks,
        rowLevel,
        PromotionSpec.DEFAULTS,
        Optional.empty());
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
