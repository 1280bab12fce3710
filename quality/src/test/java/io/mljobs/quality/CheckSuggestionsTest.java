package io.mljobs.quality;

import static io.mljobs.common.testing.Rows.frame;
import static io.mljobs.common.testing.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mljobs.common.config.Settings;
import io.mljobs.common.testing.SharedSpark;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deequ's suggestions become this project's checks, and the printed block parses back. */
@ExtendWith(SharedSpark.class)
class CheckSuggestionsTest {

  @Test
  void printedBlockParsesIntoValidChecks(SparkSession spark) {
    var data =
        frame(
            spark,
            "id STRING, amount INT, currency STRING, note STRING",
            row("a", 1, "EUR", "x"),
            row("b", 2, "EUR", null),
            row("c", 3, "USD", "y"),
            row("d", 4, "EUR", "z"),
            row("e", 5, "GBP", "w"),
            row("f", 6, "USD", "v"));
    List<CheckSuggestions.Suggestion> suggestions = CheckSuggestions.suggest(data);
    String block = CheckSuggestions.toHocon("my_data", suggestions);
    System.out.print(block);

    Settings mljobs =
        Settings.of(
                ConfigFactory.parseString(block + "\nmljobs.datasets.my_data.table = bronze.x")
                    .resolve())
            .section("mljobs");
    DatasetSpec spec = DatasetSpecs.from(mljobs).get("my_data");
    Set<String> types = spec.checks().stream().map(CheckSpec::type).collect(Collectors.toSet());
    assertTrue(types.containsAll(Set.of("completeness", "non-negative", "allowed-values")), block);
    assertTrue(
        spec.checks()
            .contains(new CheckSpec.Completeness("completeness(id)", Severity.ERROR, "id", 1.0)),
        block);
    assertEquals(
        suggestions.stream().filter(s -> s.check().isPresent()).count(),
        spec.checks().size(),
        "every suggested check parses: " + block);
    assertTrue(block.contains("# why: "), block);
  }

  @Test
  void deequCodeMapsToCheckTypes() {
    assertEquals(
        Optional.of("{ type = completeness, column = \"note\", min = 0.83 }"),
        CheckSuggestions.toCheck(
            "note", ".hasCompleteness(\"note\", _ >= 0.83, Some(\"It should be above 0.83!\"))"));
    assertEquals(
        Optional.of("{ type = allowed-values, column = \"c\", values = [\"EUR\", \"a\\\"b\"] }"),
        CheckSuggestions.toCheck("c", ".isContainedIn(\"c\", Array(\"EUR\", \"a\\\"b\"))"));
    assertEquals(
        Optional.of(
            "{ type = allowed-values, column = \"c\", values = [\"EUR\"], min-fraction = 0.9 }"),
        CheckSuggestions.toCheck(
            "c",
            ".isContainedIn(\"c\", Array(\"EUR\"), _ >= 0.9, Some(\"It should be above 0.9!\"))"));
    assertEquals(
        Optional.empty(),
        CheckSuggestions.toCheck("c", ".hasDataType(\"c\", ConstrainableDataTypes.Integral)"));
  }
}
