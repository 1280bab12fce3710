package io.mljobs.jobs.demo;

/**
 * Demo merchant categories with their amount distribution (lognormal around a median), how often
 * they are used per channel family, and how risky their merchants tend to be. {@link
 * #CRYPTO_EXCHANGE} only exists from the spec's drift date on.
 */
enum Category {
  GROCERY("grocery", "Market", 32.0, 0.55, 25, 6, 14, 0.02, 0.15),
  FUEL("fuel", "Fuel", 55.0, 0.35, 12, 0, 6, 0.05, 0.20),
  RESTAURANTS("restaurants", "Bistro", 28.0, 0.55, 18, 5, 14, 0.03, 0.20),
  TRAVEL("travel", "Travel", 320.0, 0.80, 3, 12, 6, 0.15, 0.40),
  ELECTRONICS("electronics", "Electronics", 180.0, 0.90, 5, 12, 8, 0.25, 0.40),
  ONLINE_RETAIL("online_retail", "Web Store", 45.0, 0.80, 0, 28, 10, 0.15, 0.40),
  GAMING("gaming", "Games", 20.0, 0.90, 1, 12, 6, 0.35, 0.40),
  FASHION("fashion", "Boutique", 60.0, 0.70, 12, 12, 12, 0.05, 0.25),
  PHARMACY("pharmacy", "Pharmacy", 18.0, 0.50, 8, 4, 8, 0.02, 0.10),
  ENTERTAINMENT("entertainment", "Cinema", 30.0, 0.60, 8, 9, 8, 0.08, 0.30),
  CRYPTO_EXCHANGE("crypto_exchange", "Crypto Exchange", 250.0, 1.00, 0, 0, 0, 0.60, 0.35);

  /** Categories that exist without drift, in a fixed order. */
  static final Category[] REGULAR = {
    GROCERY,
    FUEL,
    RESTAURANTS,
    TRAVEL,
    ELECTRONICS,
    ONLINE_RETAIL,
    GAMING,
    FASHION,
    PHARMACY,
    ENTERTAINMENT
  };

  static final Weights POS_WEIGHTS = weights(true);
  static final Weights ECOM_WEIGHTS = weights(false);
  static final Weights MERCHANT_WEIGHTS = merchantWeights();

  final String code;
  final String nameSuffix;
  final double medianAmount;
  final double sigma;
  final double posWeight;
  final double ecomWeight;
  final double merchantWeight;
  final double highRiskShare;
  final double mediumRiskShare;

  Category(
      String code,
      String nameSuffix,
      double medianAmount,
      double sigma,
      double posWeight,
      double ecomWeight,
      double merchantWeight,
      double highRiskShare,
      double mediumRiskShare) {
    this.code = code;
    this.nameSuffix = nameSuffix;
    this.medianAmount = medianAmount;
    this.sigma = sigma;
    this.posWeight = posWeight;
    this.ecomWeight = ecomWeight;
    this.merchantWeight = merchantWeight;
    this.highRiskShare = highRiskShare;
    this.mediumRiskShare = mediumRiskShare;
  }

  private static Weights weights(boolean pos) {
    double[] w = new double[REGULAR.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = pos ? REGULAR[i].posWeight : REGULAR[i].ecomWeight;
    }
    return Weights.of(w);
  }

  private static Weights merchantWeights() {
    double[] w = new double[REGULAR.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = REGULAR[i].merchantWeight;
    }
    return Weights.of(w);
  }
}
