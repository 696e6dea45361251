/**
 * The Numenta Anomaly Benchmark (NAB v1.1): its corpus layout and its scoring rules, as
 * {@code ../shared/docs/EVALUATION.md} states them and NAB's own {@code nab/sweeper.py} applies them.
 *
 * <p>{@link io.stepcast.tools.nab.NabCorpusReader} joins a detector's results with the data files and
 * {@link io.stepcast.tools.nab.NabLabels}; each file becomes a {@link io.stepcast.tools.nab.ScoredFile} (rows, windows,
 * what a detection at each row is worth); {@link io.stepcast.tools.nab.ThresholdSweep} picks one threshold per
 * {@link io.stepcast.tools.nab.NabProfile} for the corpus; {@link io.stepcast.tools.nab.NabScorer} scores each file at
 * it; {@link io.stepcast.tools.nab.NabReport} normalises.
 *
 * <p>Where EVALUATION.md and NAB's code part, EVALUATION.md rules; each class's javadoc says how:
 * <ul>
 *   <li>anomaly scores must be numbers in [0, 1] and detector names free of {@code _} and {@code .}
 *       (NAB checks neither): {@link io.stepcast.tools.nab.NabCorpusReader};
 *   <li>the null score is the never-firing detector's, computed directly (NAB sweeps a constant-0.5
 *       detector, which comes to the same number) and perfect counts the scored corpus's windows (NAB
 *       counts the labels file's, the same here because every labelled file must have results):
 *       {@link io.stepcast.tools.nab.NabReport};
 *   <li>a window is the rows whose timestamps lie within it (NAB's sweep matches its two ends exactly):
 *       {@link io.stepcast.tools.nab.NabLabels}.
 * </ul>
 * Where EVALUATION.md is silent, NAB's sweep decides: the exact sigmoid positions, the clamp past three
 * window widths and the full FP cost before any window ({@link io.stepcast.tools.nab.ScoredFile}); a score equal
 * to the threshold detects, probationary rows are never scored, windows wholly inside the probationary
 * period count neither way ({@link io.stepcast.tools.nab.NabScorer}); "nothing fires" is a candidate threshold
 * and ties go to the higher threshold ({@link io.stepcast.tools.nab.ThresholdSweep}). Where NAB's code fails (a
 * false detection after a one-row window divides by zero) the choice is documented where it is made.
 */
package io.stepcast.tools.nab;
