package io.stepcast.runtime.job;

import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.DeadLetterReason;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.JsonCodec;
import io.stepcast.runtime.model.ModelFormatException;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.predict.Predictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.KeyStateSerializer;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictor: one {@link KeyState} per key in Flink keyed state, advanced by the serving model's
 * {@link Predictor} once per event, in event-time order per key; model announcements arrive on
 * the broadcast side.
 *
 * <p><b>Models.</b> Broadcast state holds only the serving {@link ModelPointer} (as JSON). Each
 * subtask loads and verifies the weights itself when an announcement arrives, and refuses (logs and
 * counts, keeps serving the old model) one that is not newer, points outside the model store, fails
 * its checksum, does not fit the job, or cannot be read. Keys adapt their hidden state to new
 * weights lazily, on their next event ({@code model.onSwap}). Events arriving before any model are
 * buffered per key and processed when the first model arrives, or passed through
 * ({@code model.beforeFirstModel}).
 *
 * <p><b>Order.</b> At {@code time.maxOutOfOrderness} zero, events are processed as they arrive
 * (Kafka keeps one key's events in order) and an event older than its key's last one is
 * dead-lettered: no added latency. Above zero, events wait in keyed state until the watermark passes
 * their time and are then processed in time order (equal times in arrival order); an event already
 * behind the watermark is dead-lettered as late. In both, an event with its key's last time is
 * dead-lettered as a duplicate ({@code input.duplicates: drop}), and one too far ahead of it as a
 * time jump ({@code input.maxTimeJump}, checked on arrival): a refused event never becomes the key's
 * last, so the key's next events are judged against the last one it accepted.
 */
public final class PredictorFunction extends KeyedBroadcastProcessFunction<String, Event, String, Prediction> {
    /** The serving model pointer, under {@link #SERVING}. */
    public static final MapStateDescriptor<String, String> MODEL_POINTER =
            new MapStateDescriptor<>("model-pointer", Types.STRING, Types.STRING);

    /** The name of the keyed state holding each key's {@link KeyState}, the state {@code state.ttl} expires. */
    static final String KEY_STATE = "key-state";

    private static final String SERVING = "serving";
    private static final ListStateDescriptor<Event> AWAITING_MODEL =
            new ListStateDescriptor<>("awaiting-model", TypeInformation.of(Event.class));
    private static final Logger LOG = LoggerFactory.getLogger(PredictorFunction.class);

    private final JobSpec spec;
    private final String storeUri;
    private final TimeJumps timeJumps;

    private transient ServingModels models;
    private transient JsonCodec codec;
    private transient ValueState<KeyState> state;
    private transient MapState<Long, List<Event>> waiting;
    private transient ListState<Event> awaitingModel;
    private transient PredictorMetrics metrics;

    public PredictorFunction(JobSpec spec, String storeUri) {
        this.spec = spec;
        this.storeUri = storeUri;
        this.timeJumps = new TimeJumps(spec.input().maxTimeJump());
    }

    @Override
    public void open(OpenContext openContext) {
        models = new ServingModels(spec, new ModelStore(storeUri));
        codec = JsonCodec.of(spec);
        ValueStateDescriptor<KeyState> stateDescriptor =
                new ValueStateDescriptor<>(KEY_STATE, KeyStateSerializer.INSTANCE);
        if (!spec.state().ttl().isZero()) {
            // Flink's defaults give most of what state.ttl promises: the clock is processing time, each
            // event's write renews the key, an expired key reads as absent (so it starts afresh), and
            // RocksDB's compaction filter frees expired keys that never return. On the heap, Flink's default
            // incremental cleanup (a few entries checked at each state access) never freed an idle key in
            // PredictorFunctionTest; checking 10 entries with every record does, hence the setting. The
            // other keyed states are left without TTL: they only hold events not yet processed until the
            // watermark or the first model releases them, and expiring them would drop events silently.
            stateDescriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(spec.state().ttl())
                            .cleanupIncrementally(10, true)
                            .build());
        }
        state = getRuntimeContext().getState(stateDescriptor);
        waiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "waiting", Types.LONG, new ListTypeInfo<>(TypeInformation.of(Event.class))));
        awaitingModel = getRuntimeContext().getListState(AWAITING_MODEL);

        metrics = new PredictorMetrics(
                getRuntimeContext().getMetricGroup(),
                () -> models.activeVersion(),
                getRuntimeContext().getTaskInfo().getAttemptNumber());
    }

    @Override
    public void processBroadcastElement(String json, Context ctx, Collector<Prediction> out) throws Exception {
        BroadcastState<String, String> pointerState = ctx.getBroadcastState(MODEL_POINTER);
        String servingJson = pointerState.get(SERVING);
        long serving = servingJson == null ? 0 : ModelPointer.parse(servingJson).version();
        Predictor predictor;
        try {
            ModelPointer pointer = ModelPointer.parse(json);
            StaleModelException.requireNewer(pointer, serving);
            predictor = models.load(pointer);
        } catch (StaleModelException | ModelFormatException | UncheckedIOException | IllegalArgumentException e) {
            metrics.rejectedModel();
            LOG.warn("model announcement refused, version {} keeps serving: {}", serving, e.getMessage());
            return;
        }
        pointerState.put(SERVING, json);
        models.activate(json, predictor);
        LOG.info("model version {} serves (was {})", predictor.version(), serving);
        if (serving != 0) {
            metrics.swapped();
            return;
        }
        ctx.applyToKeyedState(AWAITING_MODEL, (key, buffered) -> {
            Consumer<DeadLetter> deadLetters = d -> ctx.output(DeadLetters.TAG, d);
            for (Event e : buffered.get()) {
                handle(predictor, e, out, deadLetters);
            }
            buffered.clear();
        });
    }

    @Override
    public void processElement(Event event, ReadOnlyContext ctx, Collector<Prediction> out) throws Exception {
        metrics.eventIn();
        Consumer<DeadLetter> deadLetters = d -> ctx.output(DeadLetters.TAG, d);
        if (!spec.time().eventTimeOrdering()) {
            handle(serving(ctx.getBroadcastState(MODEL_POINTER)), event, out, deadLetters);
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (event.ts <= watermark) {
            deadLetters.accept(deadLetter(
                    DeadLetterReason.LATE_EVENT,
                    "event time " + event.ts + " is not after the watermark " + watermark,
                    event));
            return;
        }
        // on arrival, not when due: a jump far ahead would otherwise wait in state until the watermark got there
        KeyState last = spec.input().limitsTimeJumps() ? state.value() : null;
        if (last != null && timeJumps.refuses(last, event)) {
            deadLetters.accept(deadLetter(DeadLetterReason.TIME_JUMP, timeJumps.detail(last, event), event));
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
        Predictor predictor = serving(ctx.getBroadcastState(MODEL_POINTER));
        for (Event event : due) {
            handle(predictor, event, out, d -> ctx.output(DeadLetters.TAG, d));
        }
    }

    private Predictor serving(ReadOnlyBroadcastState<String, String> pointerState) throws Exception {
        try {
            return models.serving(pointerState.get(SERVING));
        } catch (ModelFormatException | UncheckedIOException e) {
            // only after a restore whose model files have since gone: serve nothing rather than fail-loop
            LOG.error("cannot load the serving model after restore; events wait per model.beforeFirstModel", e);
            return null;
        }
    }

    /** {@link #process} timed for {@code processingNanos}, on the sampled events only. */
    private void handle(Predictor predictor, Event event, Collector<Prediction> out, Consumer<DeadLetter> deadLetters)
            throws Exception {
        if (!metrics.sampleNext()) {
            process(predictor, event, out, deadLetters);
            return;
        }
        long started = System.nanoTime();
        process(predictor, event, out, deadLetters);
        metrics.processed(System.nanoTime() - started);
    }

    /** One event in key order: buffered or passed through without a model, else scored and stepped. */
    private void process(Predictor predictor, Event event, Collector<Prediction> out, Consumer<DeadLetter> deadLetters)
            throws Exception {
        if (predictor == null) {
            if (spec.model().beforeFirstModel() == JobSpec.BeforeFirstModel.BUFFER) {
                awaitingModel.add(event);
            } else {
                emit(passThrough(event), out);
            }
            return;
        }
        KeyState s = state.value();
        if (s != null) {
            DeadLetter refused = refusal(s, event);
            if (refused != null) {
                deadLetters.accept(refused);
                return;
            }
        }
        if (s == null) {
            s = predictor.newState();
        } else if (predictor.rewarms(s)) {
            metrics.rewarmedKey();
        }
        emit(predictor.step(s, event), out);
        state.update(s);
    }

    private void emit(Prediction p, Collector<Prediction> out) {
        metrics.predicted(p);
        out.collect(p);
    }

    /** Why the key refuses {@code event} after its last event, or null when it takes it. */
    private DeadLetter refusal(KeyState last, Event event) {
        // with event-time ordering, events come here in time order and time jumps were refused on arrival
        boolean arrivalOrder = !spec.time().eventTimeOrdering();
        if (arrivalOrder && event.ts < last.lastTs()) {
            return deadLetter(
                    DeadLetterReason.OUT_OF_ORDER,
                    "event time " + event.ts + " is before the key's last processed event time " + last.lastTs(),
                    event);
        }
        if (arrivalOrder && timeJumps.refuses(last, event)) {
            return deadLetter(DeadLetterReason.TIME_JUMP, timeJumps.detail(last, event), event);
        }
        if (event.ts == last.lastTs() && spec.input().duplicates() == JobSpec.DuplicatePolicy.DROP) {
            return deadLetter(
                    DeadLetterReason.DUPLICATE, "the key's last processed event has the same time " + event.ts, event);
        }
        return null;
    }

    /** An event seen without a model: its values, no prediction, version 0, step 0. */
    private static Prediction passThrough(Event event) {
        return Prediction.of(event, 0);
    }

    /**
     * A dead letter of an event refused in keyed state. It was parsed, so its payload is the event as
     * the job encodes it (the fields it used); partition and offset point at the original bytes.
     */
    private DeadLetter deadLetter(DeadLetterReason reason, String detail, Event event) {
        metrics.deadLettered(reason);
        return DeadLetter.of(
                reason,
                detail,
                codec.event(event, spec.fields()),
                spec.input().deadLetterPayloadBytes(),
                event.partition,
                event.offset,
                event.recordTs);
    }
}
