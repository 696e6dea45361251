package io.stepcast.runtime.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.stepcast.runtime.spec.Cell;
import io.stepcast.runtime.spec.EnumNames;
import io.stepcast.runtime.spec.JobSpec;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Describes one model version in the store: its shape, the feature settings it was trained with
 * (a model only fits jobs that encode inputs the same way), the checksum of its weights file, and
 * its training metrics. Written as {@code manifest.json} next to the weights.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        long version,
        String cell,
        int inputs,
        int hidden,
        int layers,
        int outputs,
        int horizon,
        List<String> features,
        List<String> timeFeatures,
        List<Integer> lags,
        String normalisation,
        int normalisationWindow,
        String weightsFile,
        String weightsSha256,
        String dl4jFile,
        String createdAt,
        String job,
        Map<String, Double> metrics,
        Long rollbackOf,
        List<String> vocabulary,
        TuningTable tuning)
        implements Serializable {

    public static final String WEIGHTS_FILE = "weights.bin";
    public static final String DL4J_FILE = "dl4j-model.zip";

    public ModelManifest {
        // manifests written before lag inputs existed have none
        lags = lags == null ? List.of() : List.copyOf(lags);
        vocabulary = vocabulary == null ? null : List.copyOf(vocabulary);
    }

    /** A manifest for a model trained for numeric {@code spec}, before the store gives it a version and files. */
    public static ModelManifest draft(JobSpec spec, Map<String, Double> metrics) {
        return draft(spec, ModelShape.of(spec), null, metrics, null);
    }

    /**
     * A manifest for a model the tuner chose: {@code tuned} is the job with the winning trial's
     * settings (its shape is the model's), {@code tuning} the round's trials.
     */
    public static ModelManifest draft(JobSpec tuned, Map<String, Double> metrics, TuningTable tuning) {
        return draft(tuned, ModelShape.of(tuned), null, metrics, tuning);
    }

    /** A manifest for a next-token model over {@code vocabulary} trained for {@code spec}. */
    public static ModelManifest draft(JobSpec spec, TokenVocabulary vocabulary, Map<String, Double> metrics) {
        return draft(spec, ModelShape.ofTokens(spec, vocabulary.size()), vocabulary.tokens(), metrics, null);
    }

    private static ModelManifest draft(
            JobSpec spec, ModelShape shape, List<String> vocabulary, Map<String, Double> metrics, TuningTable tuning) {
        return new ModelManifest(
                0,
                shape.cell().id(),
                shape.inputs(),
                shape.hidden(),
                shape.layers(),
                shape.outputs(),
                spec.model().horizon(),
                spec.fields().features(),
                spec.time().features().stream().map(EnumNames::of).toList(),
                spec.model().lags(),
                EnumNames.of(spec.normalisation().mode()),
                spec.normalisation().window(),
                null,
                null,
                null,
                Instant.now().toString(),
                spec.name(),
                metrics,
                null,
                vocabulary,
                tuning);
    }

    /** This manifest as stored under {@code version}, with its files and checksum. */
    ModelManifest stored(long version, String weightsSha256, boolean hasDl4jModel, Long rollbackOf, String createdAt) {
        return new ModelManifest(
                version,
                cell,
                inputs,
                hidden,
                layers,
                outputs,
                horizon,
                features,
                timeFeatures,
                lags,
                normalisation,
                normalisationWindow,
                WEIGHTS_FILE,
                weightsSha256,
                hasDl4jModel ? DL4J_FILE : null,
                createdAt,
                job,
                metrics,
                rollbackOf,
                vocabulary,
                tuning);
    }

    @JsonIgnore
    public ModelShape shape() {
        return new ModelShape(Cell.parse(cell), inputs, hidden, layers, outputs);
    }

    /** The tokens of a next-token model; null for a numeric one. */
    @JsonIgnore
    public TokenVocabulary tokenVocabulary() {
        return vocabulary == null ? null : TokenVocabulary.of(vocabulary);
    }

    /** Why this model cannot serve {@code spec}, or null when it can. */
    public String misfit(JobSpec spec) {
        String tokens = tokenMisfit(spec);
        if (tokens != null) {
            return tokens;
        }
        List<String> wantedTime =
                spec.time().features().stream().map(EnumNames::of).toList();
        if (!Cell.parse(cell).equals(spec.model().cell())) {
            return "cell is " + cell + ", the job wants " + spec.model().cell().id();
        }
        boolean tunedShape = spec.training().tuning().changesShape(spec.model());
        if (!tunedShape
                && (hidden != spec.model().hidden() || layers != spec.model().layers())) {
            return "shape is " + layers + "x" + hidden + ", the job wants "
                    + spec.model().layers() + "x" + spec.model().hidden();
        }
        if (horizon != spec.model().horizon()) {
            return "horizon is " + horizon + ", the job wants " + spec.model().horizon();
        }
        if (!features.equals(spec.fields().features())) {
            return "features are " + features + ", the job has " + spec.fields().features();
        }
        if (!timeFeatures.equals(wantedTime)) {
            return "time features are " + timeFeatures + ", the job has " + wantedTime;
        }
        if (spec.training().tuning().changesLags(spec.model())) {
            if (!spec.keptLags().containsAll(lags)) {
                return "lags are " + lags + ", the job's keys keep " + spec.keptLags()
                        + " (model.lags and training.tuning.lags)";
            }
        } else if (!lags.equals(spec.model().lags())) {
            return "lags are " + lags + ", the job has " + spec.model().lags();
        }
        if (vocabulary == null && inputs != spec.inputsWithLags(lags.size())) {
            return "it has " + inputs + " inputs, its lags " + lags + " and the job's features need "
                    + spec.inputsWithLags(lags.size());
        }
        if (!normalisation.equals(EnumNames.of(spec.normalisation().mode()))
                || normalisationWindow != spec.normalisation().window()) {
            return "normalisation is " + normalisation + "/" + normalisationWindow + ", the job has "
                    + EnumNames.of(spec.normalisation().mode()) + "/"
                    + spec.normalisation().window();
        }
        return null;
    }

    /** Why this model's tokens (or lack of them) cannot serve {@code spec}, or null when they can. */
    private String tokenMisfit(JobSpec spec) {
        if (!spec.categorical()) {
            return vocabulary == null ? null : "it predicts tokens, the job predicts values";
        }
        if (vocabulary == null) {
            return "it predicts values, the job predicts tokens";
        }
        JobSpec.Tokens wanted = spec.tokens();
        if (!wanted.learned() && !vocabulary.equals(wanted.vocabulary())) {
            return "vocabulary is " + vocabulary + ", the job fixes " + wanted.vocabulary();
        }
        if (vocabulary.size() > wanted.maxVocabulary()) {
            return "it knows " + vocabulary.size() + " tokens, more than tokens.maxVocabulary ("
                    + wanted.maxVocabulary() + ")";
        }
        ModelShape expected = ModelShape.ofTokens(spec, vocabulary.size() + 1);
        if (inputs != expected.inputs() || outputs != expected.outputs()) {
            return "it has " + inputs + " inputs and " + outputs + " outputs, its " + vocabulary.size()
                    + " tokens and the job's features need " + expected.inputs() + " and " + expected.outputs();
        }
        return null;
    }
}
