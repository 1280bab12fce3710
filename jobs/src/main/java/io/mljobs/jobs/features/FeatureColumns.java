package io.mljobs.jobs.features;

import com.typesafe.config.ConfigUtil;
import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.schema.SqlExpressions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that every column a feature set reads exists, once the source's and reference tables'
 * schemas are known (before any row is read): a missing one is a {@link ConfigError} (exit 2)
 * naming the config key that reads it and the columns there are.
 */
final class FeatureColumns {
  private FeatureColumns() {}

  /** The config path of the set's section, as config errors name it. */
  static String key(FeatureSetSpec spec) {
    return "mljobs.feature-sets." + ConfigUtil.quoteString(spec.name());
  }

  static void check(FeatureSetSpec spec, StructType source, Map<String, StructType> references) {
    String key = key(spec);
    List<String> columns = new ArrayList<>(Arrays.asList(source.fieldNames()));
    String table = spec.source().toString();
    spec.entityKeys().forEach(k -> require(k, columns, key + ".entity-keys", table));
    require(spec.eventTime(), columns, key + ".event-time", table);
    spec.sourceDateColumn().ifPresent(d -> require(d, columns, key + ".source-date-column", table));
    spec.passThrough().forEach(p -> require(p, columns, key + ".pass-through", table));
    List<FeatureSpec> features = spec.features();
    for (int i = 0; i < features.size(); i++) {
      String item = key + ".features." + i;
      FeatureSpec f = features.get(i);
      if (f instanceof FeatureSpec.RowExpression r) {
        SqlExpressions.check(r.expr(), columns, item + ".expr");
        if (columns.stream().noneMatch(c -> c.equalsIgnoreCase(r.name()))) {
          columns.add(r.name()); // later features may read it
        }
      } else if (f instanceof FeatureSpec.WindowAggregation a && a.column().isPresent()) {
        require(a.column().get(), columns, item + ".column", table + " (or a row-level feature)");
      } else if (f instanceof FeatureSpec.Lookup l) {
        LookupSpec lookup = spec.lookups().get(l.lookup());
        require(
            l.column(),
            Arrays.asList(references.get(l.lookup()).fieldNames()),
            item + ".column",
            lookup.table().toString());
      }
    }
    for (LookupSpec lookup : spec.lookups().values()) {
      String lk = key + ".lookups." + ConfigUtil.quoteString(lookup.name());
      List<String> ref = Arrays.asList(references.get(lookup.name()).fieldNames());
      for (String k : lookup.keys()) {
        require(k, columns, lk + ".keys", table);
        require(k, ref, lk + ".keys", lookup.table().toString());
      }
      require(lookup.asOf(), ref, lk + ".as-of", lookup.table().toString());
      lookup
          .tieBreak()
          .ifPresent(t -> require(t, ref, lk + ".tie-break", lookup.table().toString()));
    }
  }

  private static void require(String column, List<String> available, String key, String where) {
    boolean present =
        available.stream()
            .anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT)));
    if (!present) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' reads column '"
              + column
              + "', which "
              + where
              + " does not have"
              + NearestNames.didYouMean(column, available)
              + ". Columns: "
              + available
              + ".");
    }
  }
}
