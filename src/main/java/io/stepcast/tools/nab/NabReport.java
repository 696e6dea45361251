package io.stepcast.tools.nab;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detector's NAB result: per profile the normalised score, the corpus threshold and the raw,
 * perfect and null scores it was normalised with; per file the counts and raw score at each
 * profile's threshold.
 *
 * <p>Normalised score = 100 × (raw − null) / (perfect − null). Perfect is the number of windows times
 * the TP weight (every window detected at its first row, nothing else). Null is the raw score of a
 * detector that never fires: every scored window missed. NAB gets its null from a "null" detector
 * (a constant 0.5) put through the same threshold sweep; its best threshold is the one above every
 * score, so that is the same number, computed here without a second detector.
 */
public record NabReport(
        String detector, Map<String, ProfileResult> profiles, Map<String, Map<String, NabScorer.FileScore>> files) {

    /** One profile's corpus result. */
    public record ProfileResult(
            double score,
            double threshold,
            double raw,
            double perfect,
            @JsonProperty("null") double nullRaw) {}

    /** Scores the files under every profile, each at the threshold its sweep picks. */
    public static NabReport of(String detector, List<ScoredFile> files) {
        int windows = files.stream().mapToInt(f -> f.windows().size()).sum();
        if (windows == 0) {
            // perfect and null would both be 0
            throw new IllegalArgumentException("the labels hold no window, so NAB's normalised score is undefined");
        }
        ThresholdSweep sweep = new ThresholdSweep(files);
        Map<String, ProfileResult> profiles = new LinkedHashMap<>();
        Map<String, Map<String, NabScorer.FileScore>> perFile = new LinkedHashMap<>();
        files.forEach(f -> perFile.put(f.name(), new LinkedHashMap<>()));
        for (NabProfile profile : NabProfile.values()) {
            NabScorer scorer = new NabScorer(profile);
            double threshold = sweep.best(profile).threshold();
            double raw = 0;
            double nullRaw = 0;
            for (ScoredFile file : files) {
                NabScorer.FileScore score = scorer.score(file, threshold);
                perFile.get(file.name()).put(profile.nabName(), score);
                raw += score.raw();
                nullRaw += scorer.score(file, NabScorer.NO_DETECTIONS).raw();
            }
            double perfect = windows * profile.tpWeight();
            double score = 100 * (raw - nullRaw) / (perfect - nullRaw);
            profiles.put(profile.nabName(), new ProfileResult(score, threshold, raw, perfect, nullRaw));
        }
        return new NabReport(detector, profiles, perFile);
    }

    public ProfileResult profile(NabProfile profile) {
        return profiles.get(profile.nabName());
    }

    public String toJson() {
        try {
            return JsonMapper.builder().build().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
