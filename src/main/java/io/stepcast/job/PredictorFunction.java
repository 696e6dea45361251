package io.stepcast.job;

import io.stepcast.io.DeadLetter;
import io.stepcast.io.DeadLetterReason;
import io.stepcast.io.Event;
import io.stepcast.io.JsonCodec;
import io.stepcast.io.Prediction;
import io.stepcast.model.ModelManifest;
import io.stepcast.model.ModelStore;
import io.stepcast.model.RecurrentKernel;
import io.stepcast.predict.KeyPredictor;
import io.stepcast.spec.JobSpec;
import io.stepcast.state.KeyState;
import io.stepcast.state.KeyStateSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The predictor: one {@link KeyState} per key in Flink keyed state, advanced by {@link KeyPredictor}
 * once per event, in event-time order per key.
 *
 * <p>Ordering follows {@code time.maxOutOfOrderness}. At zero, events are processed as they arrive
 * (Kafka keeps one key's events in order) and an event older than its key's last one is
 * dead-lettered: no added latency. Above zero, events wait in keyed state until the watermark passes
 * their time and are then processed in time order (equal times in arrival order); an event already
 * behind the watermark is dead-lettered as late.
 */
public final class PredictorFunction extends KeyedProcessFunction<String, Event, Prediction> {
    private final JobSpec spec;
    private final String storeUri;
    private final ModelManifest model;

    private transient KeyPredictor predictor;
    private transient JsonCodec codec;
    private transient ValueState<KeyState> state;
    private transient MapState<Long, List<Event>> waiting;

    public PredictorFunction(JobSpec spec, String storeUri, ModelManifest model) {
        this.spec = spec;
        this.storeUri = storeUri;
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) {
        RecurrentKernel kernel = RecurrentKernel.of(new ModelStore(storeUri).loadWeights(model));
        predictor = new KeyPredictor(spec, kernel, model.version());
        codec = new JsonCodec(spec.fields().features());
        ValueStateDescriptor<KeyState> stateDescriptor = new ValueStateDescriptor<>("key-state", KeyStateSerializer.INSTANCE);
        MapStateDescriptor<Long, List<Event>> waitingDescriptor = new MapStateDescriptor<>("waiting", Types.LONG,
                new ListTypeInfo<>(TypeInformation.of(Event.class)));
        if (!spec.state().ttl().isZero()) {
            StateTtlConfig ttl = StateTtlConfig.newBuilder(spec.state().ttl()).build();
            stateDescriptor.enableTimeToLive(ttl);
        }
        state = getRuntimeContext().getState(stateDescriptor);
        waiting = getRuntimeContext().getMapState(waitingDescriptor);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Prediction> out) throws Exception {
        if (!spec.time().eventTimeOrdering()) {
            KeyState s = state.value();
            if (s != null && event.ts < s.lastTs) {
                deadLetter(ctx, DeadLetterReason.OUT_OF_ORDER, "event time " + event.ts
                        + " is before the key's last processed event time " + s.lastTs, event);
                return;
            }
            step(s, event, out);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (event.ts <= watermark) {
            deadLetter(ctx, DeadLetterReason.LATE_EVENT, "event time " + event.ts
                    + " is not after the watermark " + watermark, event);
            return;
        }
        List<Event> sameTime = waiting.get(event.ts);
        if (sameTime == null) {
            sameTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(event.ts);
        }
        sameTime.add(event);
        waiting.put(event.ts, sameTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Prediction> out) throws Exception {
        List<Event> due = waiting.get(timestamp);
        if (due == null) {
            return;
        }
        waiting.remove(timestamp);
        KeyState s = state.value();
        for (Event event : due) {
            s = step(s, event, out);
        }
    }

    private KeyState step(KeyState s, Event event, Collector<Prediction> out) throws Exception {
        KeyState current = s != null ? s : predictor.newState();
        out.collect(predictor.step(current, event));
        state.update(current);
        return current;
    }

    private void deadLetter(Context ctx, DeadLetterReason reason, String detail, Event event) {
        String payload = new String(codec.event(event, spec.fields()), StandardCharsets.UTF_8);
        ctx.output(DeadLetters.TAG, new DeadLetter(reason, detail, payload));
    }
}
