package io.mljobs.jobs.train;

import io.mljobs.common.config.ConfigError;
import io.mljobs.common.config.NearestNames;
import io.mljobs.common.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;

/**
 * One candidate of a model: an algorithm, fixed params and a grid ({@code mljobs.models.<m>
 * .candidates.<name> { algorithm = gbt, params { maxIter = 50 }, grid { maxDepth = [3, 5] } }}).
 * Param names are the estimator's own (MLlib's camelCase; XGBoost's mix, e.g. {@code max_depth},
 * {@code numRound}); values are checked against the param's type and validator at parse time.
 *
 * @param name the candidate's name (leaderboard, artifact folder)
 * @param algorithm the family
 * @param params fixed params, by name, already converted to the param's type
 * @param grid values tried per param, by name (empty: only the fixed params)
 */
public record CandidateSpec(
    String name, Algorithm algorithm, Map<String, Object> params, Map<String, List<Object>> grid) {

  public CandidateSpec {
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    grid = java.util.Collections.unmodifiableMap(new TreeMap<>(grid));
  }

  /** Parses and validates one candidate section for {@code task}. */
  static CandidateSpec from(String name, Settings s, Task task) {
    String algo = s.string("algorithm");
    Algorithm algorithm = algorithm(s, algo);
    if (!algorithm.supports(task)) {
      throw new ConfigError(
          s.fullKey("algorithm"),
          "Config key '"
              + s.fullKey("algorithm")
              + "': "
              + algorithm.kebab()
              + " cannot learn a "
              + task.kebab()
              + " task; use one of "
              + supported(task)
              + ".");
    }
    Estimator<?> estimator = algorithm.estimator(task);
    Set<String> valid = algorithm.settableParams(task);
    Map<String, Object> params = new LinkedHashMap<>();
    Settings p = s.sectionOrEmpty("params");
    p.declare(p.config().root().keySet());
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : p.config().root().entrySet()) {
      String key = p.fullKey(e.getKey());
      Param<?> param = param(estimator, e.getKey(), key, valid, algorithm);
      params.put(e.getKey(), convert(param, e.getValue().unwrapped(), key));
    }
    Map<String, List<Object>> grid = new LinkedHashMap<>();
    Settings g = s.sectionOrEmpty("grid");
    g.declare(g.config().root().keySet());
    for (Map.Entry<String, com.typesafe.config.ConfigValue> e : g.config().root().entrySet()) {
      String key = g.fullKey(e.getKey());
      Param<?> param = param(estimator, e.getKey(), key, valid, algorithm);
      Object raw = e.getValue().unwrapped();
      if (!(raw instanceof List<?> list) || list.isEmpty()) {
        throw new ConfigError(
            key, "Config key '" + key + "' must be a non-empty list of values, e.g. [3, 5].");
      }
      List<Object> values = new ArrayList<>();
      for (Object v : list) {
        values.add(convert(param, v, key));
      }
      grid.put(e.getKey(), values);
    }
    s.declare(List.of("params", "grid"));
    s.rejectUnknownKeys();
    return new CandidateSpec(name, algorithm, params, grid);
  }

  /** A fresh estimator with the fixed params (and {@code seed}, where the family has one). */
  Estimator<?> estimator(Task task, long seed) {
    Estimator<?> estimator = algorithm.estimator(task);
    ParamMap fixed = new ParamMap();
    String seedParam = algorithm.seedParam(task);
    if (seedParam != null && !params.containsKey(seedParam)) {
      put(fixed, estimator.getParam(seedParam), seed);
    }
    params.forEach((k, v) -> put(fixed, estimator.getParam(k), v));
    return (Estimator<?>) estimator.copy(fixed);
  }

  /** The grid's param maps over {@code estimator} (one empty map when there is no grid). */
  ParamMap[] paramMaps(Estimator<?> estimator) {
    ParamGridBuilder builder = new ParamGridBuilder();
    grid.forEach(
        (k, values) -> {
          Param<Object> param = cast(estimator.getParam(k));
          builder.addGrid(param, scala.collection.JavaConverters.asScalaBuffer(values).toList());
        });
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static Param<Object> cast(Param<?> param) {
    return (Param<Object>) param;
  }

  private static void put(ParamMap map, Param<?> param, Object value) {
    map.put(cast(param), value);
  }

  private static Algorithm algorithm(Settings s, String algo) {
    for (Algorithm a : Algorithm.values()) {
      if (a.kebab().equals(algo)) {
        return a;
      }
    }
    throw new ConfigError(
        s.fullKey("algorithm"),
        "Config key '"
            + s.fullKey("algorithm")
            + "' names unknown algorithm '"
            + algo
            + "'"
            + NearestNames.didYouMean(algo, Algorithm.names())
            + ". Valid algorithms: "
            + Algorithm.names()
            + ".");
  }

  private static List<String> supported(Task task) {
    List<String> names = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      if (a.supports(task)) {
        names.add(a.kebab());
      }
    }
    return names;
  }

  private static Param<?> param(
      Estimator<?> estimator, String name, String key, Set<String> valid, Algorithm algorithm) {
    if (!valid.contains(name)) {
      String why =
          Algorithm.MANAGED.contains(name)
              ? "' is set by mljobs itself (columns, class weights) and cannot be configured"
              : "' is not a parameter of " + algorithm.kebab();
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + why
              + NearestNames.didYouMean(name, valid)
              + ". Valid parameters of "
              + algorithm.kebab()
              + ": "
              + valid
              + ".");
    }
    return estimator.getParam(name);
  }

  /** {@code value} as the param's type, checked by the param's own validator. */
  private static Object convert(Param<?> param, Object value, String key) {
    Object converted;
    try {
      if (param instanceof IntParam) {
        converted = integral(value, key).intValue();
      } else if (param instanceof LongParam) {
        converted = integral(value, key);
      } else if (param instanceof DoubleParam) {
        converted = ((Number) value).doubleValue();
      } else if (param instanceof FloatParam) {
        converted = ((Number) value).floatValue();
      } else if (param instanceof BooleanParam) {
        converted = (Boolean) value;
      } else if (value instanceof String) {
        converted = value;
      } else {
        throw new ConfigError(
            key, "Config key '" + key + "': parameter " + param.name() + " cannot be configured.");
      }
    } catch (ClassCastException e) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "' has the wrong type for "
              + param.name()
              + " ("
              + param.getClass().getSimpleName()
              + "): "
              + value
              + ".");
    }
    if (!cast(param).isValid().apply(converted).equals(Boolean.TRUE)) {
      throw new ConfigError(
          key,
          "Config key '"
              + key
              + "': "
              + value
              + " is not a valid "
              + param.name()
              + ": "
              + param.doc());
    }
    return converted;
  }

  private static Long integral(Object value, String key) {
    Number n = (Number) value;
    if (n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new ConfigError(key, "Config key '" + key + "' must be a whole number, not " + value);
    }
    return n.longValue();
  }
}
