package io.stepcast.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A candidate model the trainer refused to publish, kept in the store next to the versions so that
 * an operator can see why the serving model did not change.
 *
 * @param rejectedAt   when, ISO-8601
 * @param candidateMae the candidate's validation MAE
 * @param baseline     what it was compared with: "serving vN" or "persistence"
 * @param baselineMae  the baseline's MAE on the same held-out slice
 * @param metrics      the candidate's training metrics
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(
        String rejectedAt,
        String job,
        double candidateMae,
        String baseline,
        double baselineMae,
        String reason,
        Map<String, Double> metrics) {}
