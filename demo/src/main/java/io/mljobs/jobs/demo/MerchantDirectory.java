package io.mljobs.jobs.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The generated merchants plus lookup tables for picking one by category and country. Crypto
 * exchanges exist only when the spec has a drift date; they are onboarded on that date.
 */
final class MerchantDirectory {

  private final List<Merchant> merchants;
  private final int[] countryIndex;
  private final int[] riskIndex;
  private final int[][] byCategory;
  private final int[][][] byCategoryAndCountry;

  MerchantDirectory(DemoDataSpec spec) {
    int regular = spec.merchants();
    int crypto = spec.driftFrom() == null ? 0 : Math.max(3, regular / 50);
    List<Merchant> list = new ArrayList<>(regular + crypto);
    int total = regular + crypto;
    countryIndex = new int[total];
    riskIndex = new int[total];
    Category[] categories = new Category[total];
    for (int i = 0; i < total; i++) {
      boolean isCrypto = i >= regular;
      DemoRandom r =
          isCrypto
              ? DemoRandom.forStream(spec.seed(), DemoRandom.CRYPTO_MERCHANTS, i - regular)
              : DemoRandom.forStream(spec.seed(), DemoRandom.MERCHANTS, i);
      Category category;
      if (isCrypto) {
        category = Category.CRYPTO_EXCHANGE;
      } else if (i < Category.REGULAR.length) {
        category = Category.REGULAR[i];
      } else {
        category = Category.REGULAR[Category.MERCHANT_WEIGHTS.index(r)];
      }
      int country = DemoCatalog.COUNTRY_WEIGHTS.index(r);
      double riskDraw = r.nextDouble();
      int risk =
          riskDraw < category.highRiskShare
              ? 2
              : riskDraw < category.highRiskShare + category.mediumRiskShare ? 1 : 0;
      String name = name(r, category);
      LocalDate onboarded =
          isCrypto ? spec.driftFrom() : spec.startDate().minusDays(30 + r.nextInt(3650));
      categories[i] = category;
      countryIndex[i] = country;
      riskIndex[i] = risk;
      list.add(
          new Merchant(
              String.format(Locale.ROOT, "m%05d", i + 1),
              name,
              category.code,
              DemoCatalog.COUNTRIES[country],
              DemoCatalog.RISK_TIERS[risk],
              onboarded));
    }
    merchants = Collections.unmodifiableList(list);
    byCategory = new int[Category.values().length][];
    byCategoryAndCountry = new int[Category.values().length][DemoCatalog.COUNTRIES.length][];
    for (Category category : Category.values()) {
      byCategory[category.ordinal()] = indexes(categories, category, -1);
      for (int c = 0; c < DemoCatalog.COUNTRIES.length; c++) {
        byCategoryAndCountry[category.ordinal()][c] = indexes(categories, category, c);
      }
    }
  }

  private int[] indexes(Category[] categories, Category category, int country) {
    int count = 0;
    for (int i = 0; i < categories.length; i++) {
      if (categories[i] == category && (country < 0 || countryIndex[i] == country)) {
        count++;
      }
    }
    int[] result = new int[count];
    int next = 0;
    for (int i = 0; i < categories.length; i++) {
      if (categories[i] == category && (country < 0 || countryIndex[i] == country)) {
        result[next++] = i;
      }
    }
    return result;
  }

  private static String name(DemoRandom r, Category category) {
    double style = r.nextDouble();
    String prefix = DemoCatalog.MERCHANT_PREFIXES[r.nextInt(DemoCatalog.MERCHANT_PREFIXES.length)];
    String family = DemoCatalog.LAST_NAMES[r.nextInt(DemoCatalog.LAST_NAMES.length)];
    if (style < 0.10) {
      return family + " & Sons, " + category.nameSuffix;
    }
    if (style < 0.15) {
      return "The \"" + prefix + "\" " + category.nameSuffix;
    }
    return prefix + " " + category.nameSuffix;
  }

  List<Merchant> merchants() {
    return merchants;
  }

  Merchant merchant(int index) {
    return merchants.get(index);
  }

  int countryIndex(int merchant) {
    return countryIndex[merchant];
  }

  /** 0 = low, 1 = medium, 2 = high. */
  int riskIndex(int merchant) {
    return riskIndex[merchant];
  }

  /**
   * Picks a merchant of {@code category}: from {@code homeCountry} when {@code preferHome} and such
   * a merchant exists, otherwise from all countries. Popular merchants (low index within the list)
   * are picked more often.
   */
  int pick(Category category, int homeCountry, boolean preferHome, double u) {
    int[] candidates = byCategoryAndCountry[category.ordinal()][homeCountry];
    if (!preferHome || candidates.length == 0) {
      candidates = byCategory[category.ordinal()];
    }
    return candidates[(int) (candidates.length * u * u)];
  }

  boolean has(Category category) {
    return byCategory[category.ordinal()].length > 0;
  }
}
