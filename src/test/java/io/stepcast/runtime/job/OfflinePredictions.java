package io.stepcast.runtime.job;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.predict.KeyPredictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.training.input.EventSequences;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The oracle of the job's output: what it must emit per key, computed offline with the job's own per-key
 * code ({@link KeyPredictor}). {@link PredictionJobContract} proves the job emits exactly this, so fault
 * tests use it as the output of an uninterrupted run.
 */
public final class OfflinePredictions {
    private OfflinePredictions() {}

    /** What the job wrote, as JSON records in topic order, by key: the shape {@link #of} answers in. */
    public static Map<String, List<Prediction>> byKey(JobSpec spec, List<byte[]> values) {
        JsonCodec codec = JsonCodec.of(spec);
        Map<String, List<Prediction>> received = new LinkedHashMap<>();
        for (byte[] value : values) {
            Prediction p = codec.readPrediction(value);
            received.computeIfAbsent(p.key, k -> new ArrayList<>()).add(p);
        }
        return received;
    }

    /**
     * Per key, the first version's predictor up to the key's switch point, then the last version's, on
     * the same state (which the predictor adapts by the swap policy). Keys without a switch point are
     * served by the first version throughout.
     */
    public static Map<String, List<Prediction>> of(
            JobSpec spec, List<Event> events, Map<String, Integer> switchPoints, Map<Long, ModelWeights> weights) {
        return of(spec, events, switchPoints, weights, Map.of());
    }

    /** As {@link #of(JobSpec, List, Map, Map)}, for versions with lag inputs of their own (the job's where absent). */
    public static Map<String, List<Prediction>> of(
            JobSpec spec,
            List<Event> events,
            Map<String, Integer> switchPoints,
            Map<Long, ModelWeights> weights,
            Map<Long, List<Integer>> lags) {
        List<Long> versions = weights.keySet().stream().sorted().toList();
        long firstVersion = versions.get(0);
        long lastVersion = versions.get(versions.size() - 1);
        Map<String, List<Prediction>> out = new LinkedHashMap<>();
        EventSequences.byKey(events).forEach((key, sequence) -> {
            int switchAt = switchPoints.getOrDefault(key, sequence.size());
            KeyPredictor first = predictor(spec, weights, lags, firstVersion);
            KeyPredictor second = predictor(spec, weights, lags, lastVersion);
            KeyState state = first.newState();
            List<Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < sequence.size(); i++) {
                predictions.add((i < switchAt ? first : second).step(state, sequence.get(i)));
            }
            out.put(key, predictions);
        });
        return out;
    }

    private static KeyPredictor predictor(
            JobSpec spec, Map<Long, ModelWeights> weights, Map<Long, List<Integer>> lags, long version) {
        return new KeyPredictor(
                spec,
                List.of(RecurrentKernel.of(weights.get(version))),
                lags.getOrDefault(version, spec.model().lags()),
                version);
    }

    /** Per key, the index of its first prediction by a version other than its first one's. */
    public static Map<String, Integer> switchPoints(Map<String, List<Prediction>> received) {
        Map<String, Integer> points = new HashMap<>();
        received.forEach((key, predictions) -> {
            for (int i = 1; i < predictions.size(); i++) {
                if (predictions.get(i).modelVersion != predictions.get(i - 1).modelVersion) {
                    points.put(key, i);
                    return;
                }
            }
        });
        return points;
    }
}
