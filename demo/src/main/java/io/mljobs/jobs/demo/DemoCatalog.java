package io.mljobs.jobs.demo;

/** Hard-coded demo domain tables: countries, names, segments and time profiles. */
final class DemoCatalog {

  static final String[] COUNTRIES = {
    "DE", "FR", "NL", "ES", "IT", "BE", "AT", "IE", "PT", "GB", "US"
  };
  static final Weights COUNTRY_WEIGHTS = Weights.of(30, 18, 10, 10, 10, 5, 5, 3, 3, 4, 2);

  static final String[] FIRST_NAMES = {
    "Anna", "Lukas", "Sofía", "Jörg", "Émile", "Chloé", "Mateo", "Giulia", "Seán", "Aoife", "Noah",
    "Emma", "Liam", "Mia", "Lucas", "Léa", "Jan", "Eva", "Pedro", "Inês", "Marco", "Sanne",
    "Oliver", "Zoë"
  };

  static final String[] LAST_NAMES = {
    "Müller",
    "Schmidt",
    "Dubois",
    "García",
    "Rossi",
    "de Vries",
    "Janssen",
    "O'Brien",
    "Silva",
    "Smith",
    "Bauer",
    "Moreau",
    "López",
    "Bianchi",
    "Peeters",
    "Gruber",
    "Murphy",
    "Costa",
    "Novák",
    "Jansen",
    "Fischer",
    "Lefèvre",
    "Romano",
    "Walsh"
  };

  static final String[] MERCHANT_PREFIXES = {
    "Blue",
    "Golden",
    "City",
    "Corner",
    "Prime",
    "Nordic",
    "Sunny",
    "Urban",
    "Alpine",
    "Harbor",
    "Green",
    "Royal",
    "Metro",
    "Silver",
    "Central",
    "Riverside"
  };

  static final String[] SEGMENTS = {"retail", "premium", "business", "student"};
  static final Weights SEGMENT_WEIGHTS = Weights.of(62, 18, 10, 10);

  /** Relative transaction volume per UTC hour of day. */
  static final double[] HOURLY_WEIGHTS = {
    1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.0, 5.0, 5.5, 6.0, 7.0, 6.5, 6.0, 6.0, 6.5, 7.0, 7.5,
    7.0, 6.0, 5.0, 3.5, 2.0
  };

  /** Label delays of 1..10 days (index 0 = 1 day), skewed to short delays. */
  static final Weights LABEL_DELAY_WEIGHTS = Weights.of(30, 22, 15, 10, 7, 5, 4, 3, 2, 2);

  static final String[] RISK_TIERS = {"low", "medium", "high"};

  private DemoCatalog() {}

  static String currency(String country) {
    return switch (country) {
      case "GB" -> "GBP";
      case "US" -> "USD";
      default -> "EUR";
    };
  }
}
