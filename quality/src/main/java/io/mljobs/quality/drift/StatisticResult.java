package io.mljobs.quality.drift;

import java.util.Optional;

/**
 * One statistic of one feature, judged.
 *
 * @param statistic which statistic
 * @param value its value (empty when undefined)
 * @param threshold the drift threshold applied (empty: informational)
 * @param thresholdSource {@code default} (configured), {@code learned (n runs)} or {@code learning
 *     (n of m runs)}
 * @param verdict ok, warning, drift, info or undefined
 * @param detail names of new or vanished categories, degrees of freedom, why undefined
 */
public record StatisticResult(
    DriftStatistic statistic,
    Optional<Double> value,
    Optional<Double> threshold,
    String thresholdSource,
    Verdict verdict,
    String detail) {}
