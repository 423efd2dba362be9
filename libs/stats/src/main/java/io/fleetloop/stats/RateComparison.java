package io.fleetloop.stats;

/**
 * One look at candidate vs stable: the exact conditional binomial test of "the candidate's rate is
 * at most {@code nullRatio} times the stable rate", and the rate ratio with its exact interval.
 *
 * <p>This is a fixed-sample statistic: its p-value is valid for one look. Checking it again and
 * again as kilometres accumulate inflates the false-alarm rate; {@link StageAnalyzer} decides on
 * the sequential test ({@link MixtureSprt}) instead and shows this one for context.
 *
 * @param candidate candidate kilometres and interventions
 * @param stable stable kilometres and interventions over the same window and conditions
 * @param nullRatio the largest accepted ratio, {@code 1 + maxRelativeRegression}
 * @param confidence level of the ratio interval
 * @param ratio candidate rate / stable rate ({@code NaN} with no interventions at all, {@code
 *     +Infinity} when only the candidate had any)
 * @param ratioLow lower bound of the ratio (Clopper-Pearson on the candidate's share of events)
 * @param ratioHigh upper bound of the ratio ({@code +Infinity} when the stable had no events)
 * @param pValue one-sided exact p-value of "ratio <= nullRatio"; 1 with no events
 */
public record RateComparison(
    Exposure candidate,
    Exposure stable,
    double nullRatio,
    double confidence,
    double ratio,
    double ratioLow,
    double ratioHigh,
    double pValue) {}
