package io.stepcast.tools.nab;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.training.SelfTrainingSeries;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores each file's rows in order with a model of the file's own ({@link SelfTrainingSeries}: the
 * job's predictor, anomaly score and trainer, retraining on rows already seen).
 *
 * <p>The series objects live in operator memory, not Flink state: they hold a DL4J network and the
 * rows seen so far, which is training data, and the detection job is a bounded run without
 * checkpoints. Rows before the first model still get a score (the untrained model's), as a
 * streaming detector would.
 */
final class SeriesDetector extends KeyedProcessFunction<String, SeriesRow, SeriesRow> {
    private final JobSpec spec;
    private transient Map<String, SelfTrainingSeries> series;

    SeriesDetector(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext context) {
        series = new HashMap<>();
    }

    @Override
    public void processElement(SeriesRow row, Context ctx, Collector<SeriesRow> out) {
        SelfTrainingSeries file = series.computeIfAbsent(row.file, f -> new SelfTrainingSeries(spec));
        int rounds = file.rounds();
        Prediction p = file.step(new Event(row.file, row.ts, row.value));
        row.score = p.anomalyScore;
        if (file.rounds() != rounds && file.lastTuning() != null) {
            row.tuned = file.lastTuning().summary();
        }
        out.collect(row);
    }
}
