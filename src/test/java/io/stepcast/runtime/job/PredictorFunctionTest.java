package io.stepcast.runtime.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.DeadLetter;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.InputRecord;
import io.stepcast.runtime.event.Prediction;
import io.stepcast.runtime.json.EventParser;
import io.stepcast.runtime.model.ModelFormatException;
import io.stepcast.runtime.model.ModelManifest;
import io.stepcast.runtime.model.ModelPointer;
import io.stepcast.runtime.model.ModelShape;
import io.stepcast.runtime.model.ModelStore;
import io.stepcast.runtime.model.ModelWeights;
import io.stepcast.runtime.model.RandomWeights;
import io.stepcast.runtime.model.RecurrentKernel;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.predict.KeyPredictor;
import io.stepcast.runtime.predict.TokenPredictor;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.state.KeyState;
import io.stepcast.runtime.state.KeyStateSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictorFunctionTest {
    private static final String BASE = """
            name: harness
            fields: {features: [temp, rpm]}
            time: {features: [hour-of-day]}
            model: {hidden: 6, horizon: 2}
            normalisation: {window: 20}
            anomaly: {warmup: 5}
            """;
    private static final JobSpec ARRIVAL = TestSpecs.parse(BASE);
    private static final JobSpec EVENT_TIME = TestSpecs.parse(
            BASE.replace("time: {features: [hour-of-day]}", "time: {features: [hour-of-day], maxOutOfOrderness: 2s}"));
    private static final long T0 = 1_767_600_000_000L;

    @TempDir
    Path storeDir;

    private ModelStore store;
    private ModelWeights weights;
    private ModelManifest manifest;

    @BeforeEach
    void publishModel() {
        store = new ModelStore(storeDir.toString());
        weights = TestSpecs.randomWeightsFor(ARRIVAL, 42);
        // the two specs differ only in ordering, so one model serves both
        manifest = TestSpecs.publish(store, ARRIVAL, weights);
        assertThat(manifest.misfit(EVENT_TIME)).isNull();
    }

    private PredictorFunction function(JobSpec spec) {
        return new PredictorFunction(spec, store.uri());
    }

    /** A fresh operator, serving the published model. */
    private KeyedBroadcastOperatorTestHarness<String, Event, String, Prediction> harness(JobSpec spec)
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                function(spec), Event::getKey, Types.STRING, PredictorFunction.MODEL_POINTER);
        h.processBroadcastElement(store.pointer(manifest).toJson(), 0);
        return h;
    }

    /** An operator restored from {@code snapshot}: the model pointer must come back with the state. */
    private KeyedBroadcastOperatorTestHarness<String, Event, String, Prediction> restored(
            JobSpec spec, OperatorSubtaskState snapshot) throws Exception {
        return restored(spec, snapshot, new HashMapStateBackend());
    }

    /** As {@link #restored(JobSpec, OperatorSubtaskState)}, keeping keyed state in {@code backend}; null: a fresh start. */
    private KeyedBroadcastOperatorTestHarness<String, Event, String, Prediction> restored(
            JobSpec spec, OperatorSubtaskState snapshot, StateBackend backend) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function(spec), List.of(PredictorFunction.MODEL_POINTER)),
                Event::getKey,
                Types.STRING,
                1,
                1,
                0);
        h.setStateBackend(backend);
        h.setup();
        h.initializeState(snapshot);
        h.open();
        return h;
    }

    /** The offline reference: one fresh KeyPredictor state per key, events in the given order. */
    private List<Prediction> offline(JobSpec spec, List<Event> events) {
        KeyPredictor predictor = new KeyPredictor(spec, RecurrentKernel.of(weights), manifest.version());
        Map<String, KeyState> states = new LinkedHashMap<>();
        List<Prediction> out = new ArrayList<>();
        for (Event e : events) {
            out.add(predictor.step(states.computeIfAbsent(e.key, k -> predictor.newState()), e));
        }
        return out;
    }

    private static List<Event> sequence(String key, long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new Event(
                    key,
                    T0 + 1000L * i,
                    60 + 5 * Math.sin(i / 4.0) + random.nextDouble(-1, 1),
                    1500 + random.nextDouble(-50, 50)));
        }
        return events;
    }

    /** Interleaves the keys' sequences at random, keeping each key's own order. */
    private static List<Event> interleave(List<List<Event>> sequences, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> merged = new ArrayList<>();
        int[] next = new int[sequences.size()];
        List<Integer> open = new ArrayList<>();
        for (int k = 0; k < sequences.size(); k++) {
            open.add(k);
        }
        while (!open.isEmpty()) {
            int pick = open.get(random.nextInt(open.size()));
            merged.add(sequences.get(pick).get(next[pick]++));
            if (next[pick] == sequences.get(pick).size()) {
                open.remove(Integer.valueOf(pick));
            }
        }
        return merged;
    }

    private static Map<String, List<Prediction>> byKey(List<Prediction> predictions) {
        return predictions.stream().collect(Collectors.groupingBy(p -> p.key, LinkedHashMap::new, Collectors.toList()));
    }

    private static List<DeadLetter> deadLetters(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        var records = h.getSideOutput(DeadLetters.TAG);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).toList();
    }

    private static void feed(KeyedBroadcastOperatorTestHarness<String, Event, String, Prediction> h, List<Event> events)
            throws Exception {
        for (Event e : events) {
            h.processElement(e, e.ts);
        }
    }

    /** The event a dead letter of the predictor holds (it re-encodes the parsed event). */
    private static Event parsed(JobSpec spec, DeadLetter d) throws Exception {
        return new EventParser(spec).parse(new InputRecord(d.payload, d.partition, d.offset, Long.MAX_VALUE / 2));
    }

    @Test
    void keysAreIsolated() throws Exception {
        List<List<Event>> sequences = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            sequences.add(sequence("key-" + k, 100 + k, 30));
        }
        List<Event> interleaved = interleave(sequences, 7);
        assertThat(interleaved.subList(0, 10))
                .extracting(e -> e.key)
                .as("really interleaved")
                .containsAnyOf("key-0", "key-1")
                .containsAnyOf("key-2", "key-3", "key-4");

        List<Prediction> together;
        try (var h = harness(ARRIVAL)) {
            feed(h, interleaved);
            together = h.extractOutputValues();
            assertThat(deadLetters(h)).isEmpty();
        }
        assertThat(together).hasSize(150);
        Map<String, List<Prediction>> perKey = byKey(together);
        for (List<Event> sequence : sequences) {
            try (var alone = harness(ARRIVAL)) {
                feed(alone, sequence);
                assertThat(perKey.get(sequence.get(0).key)).isEqualTo(alone.extractOutputValues());
            }
        }
    }

    @Test
    void outputsEqualTheOfflineComputation() throws Exception {
        List<List<Event>> sequences = List.of(sequence("a", 1, 25), sequence("b", 2, 25), sequence("c", 3, 25));
        List<Event> interleaved = interleave(sequences, 8);
        try (var h = harness(ARRIVAL)) {
            feed(h, interleaved);
            List<Prediction> actual = h.extractOutputValues();
            assertThat(actual).isEqualTo(offline(ARRIVAL, interleaved));
            // the anomaly scoring and the horizon were really exercised
            assertThat(actual).filteredOn(p -> p.predicted != null).hasSize(3 * 23);
            assertThat(actual).filteredOn(p -> p.anomalyScore > 0).isNotEmpty();
            assertThat(actual).allSatisfy(p -> assertThat(p.modelVersion).isEqualTo(1));
        }
    }

    @Test
    void eventTimeOrderingWaitsForTheWatermarkAndSortsEachKey() throws Exception {
        JobSpec keepingDuplicates = EVENT_TIME.with(JobSpec.Input.DUPLICATES, JobSpec.DuplicatePolicy.KEEP);
        List<Event> inOrder = sequence("m", 4, 8);
        Event sameTime = new Event("m", inOrder.get(2).ts, 61.0, 1499.0); // equal times keep arrival order
        List<Event> arrival = List.of(
                inOrder.get(3),
                inOrder.get(1),
                inOrder.get(2),
                inOrder.get(0),
                sameTime,
                inOrder.get(6),
                inOrder.get(4),
                inOrder.get(7),
                inOrder.get(5));
        List<Event> expectedOrder = new ArrayList<>(List.of(
                inOrder.get(0),
                inOrder.get(1),
                inOrder.get(2),
                sameTime,
                inOrder.get(3),
                inOrder.get(4),
                inOrder.get(5),
                inOrder.get(6),
                inOrder.get(7)));
        List<Prediction> expected = offline(keepingDuplicates, expectedOrder);

        try (var h = harness(keepingDuplicates)) {
            feed(h, arrival);
            h.watermark(T0 - 1);
            assertThat(h.extractOutputValues())
                    .as("nothing before the watermark passes")
                    .isEmpty();

            h.watermark(inOrder.get(2).ts); // releases events up to and including t2
            assertThat(h.extractOutputValues()).isEqualTo(expected.subList(0, 4));

            h.watermark(inOrder.get(7).ts);
            assertThat(h.extractOutputValues()).isEqualTo(expected);
            assertThat(h.extractOutputValues())
                    .extracting(p -> p.step)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void eventsAtOrBehindTheWatermarkAreDeadLettered() throws Exception {
        List<Event> events = sequence("m", 5, 4);
        try (var h = harness(EVENT_TIME)) {
            feed(h, events.subList(0, 2));
            h.watermark(events.get(1).ts);
            assertThat(h.extractOutputValues()).hasSize(2);

            Event atWatermark = new Event("m", events.get(1).ts, 1, 2);
            Event behind = new Event("other-key", events.get(0).ts, 3, 4);
            h.processElement(atWatermark, atWatermark.ts);
            h.processElement(behind, behind.ts);
            h.processElement(events.get(2), events.get(2).ts);
            h.watermark(events.get(3).ts);

            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).extracting(d -> d.reason).containsExactly("late_event", "late_event");
            assertThat(dead.get(0).detail)
                    .contains(Long.toString(events.get(1).ts))
                    .contains("watermark");
            assertThat(parsed(EVENT_TIME, dead.get(0))).isEqualTo(atWatermark);
            assertThat(parsed(EVENT_TIME, dead.get(1))).isEqualTo(behind);
            // the late events changed nothing
            assertThat(h.extractOutputValues()).isEqualTo(offline(EVENT_TIME, events.subList(0, 3)));
        }
    }

    @Test
    void arrivalOrderingDeadLettersOlderEventsWithoutTouchingState() throws Exception {
        List<Event> events = sequence("m", 6, 6);
        Event old = new Event("m", events.get(1).ts + 1, 999, 999);
        Event sameTimeAsLast = new Event("m", events.get(3).ts, 62, 1510); // not older, but a duplicate
        List<Event> processed = events;
        try (var h = harness(ARRIVAL)) {
            feed(h, events.subList(0, 4));
            h.processElement(old, old.ts);
            h.processElement(sameTimeAsLast, sameTimeAsLast.ts);
            feed(h, events.subList(4, 6));

            assertThat(h.extractOutputValues()).isEqualTo(offline(ARRIVAL, processed));
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).extracting(d -> d.reason).containsExactly("out_of_order", "duplicate");
            assertThat(dead.get(0).detail).contains(Long.toString(old.ts)).contains(Long.toString(events.get(3).ts));
            assertThat(parsed(ARRIVAL, dead.get(0))).isEqualTo(old);
            assertThat(parsed(ARRIVAL, dead.get(1))).isEqualTo(sameTimeAsLast);
        }
    }

    @Test
    void aTimeJumpIsRefusedUnlessItsRecordCameAsMuchLater() throws Exception {
        long day = 24 * 3600 * 1000L;
        List<Event> events = sequence("m", 7, 4);
        for (int i = 0; i < events.size(); i++) {
            events.get(i).recordTs = T0 + i;
        }
        Event wild = new Event("m", events.get(3).ts + 8 * day, 60, 1500); // records a millisecond apart
        wild.recordTs = T0 + 4;
        Event back = new Event("m", events.get(3).ts + 8 * day, 61, 1501); // back after eight days' silence
        back.recordTs = T0 + 3 + 8 * day;
        for (JobSpec spec : List.of(ARRIVAL, EVENT_TIME)) {
            try (var h = harness(spec)) {
                feed(h, events);
                h.watermark(events.get(3).ts);
                h.processElement(wild, wild.ts);
                h.processElement(back, back.ts);
                h.watermark(back.ts);

                assertThat(deadLetters(h)).extracting(d -> d.reason).containsExactly("time_jump");
                assertThat(deadLetters(h).get(0).detail).contains("input.maxTimeJump");
                List<Event> taken = new ArrayList<>(events);
                taken.add(back);
                assertThat(h.extractOutputValues()).isEqualTo(offline(spec, taken));
            }
        }
    }

    @Test
    void arrivalStateSurvivesSnapshotAndRestore() throws Exception {
        List<Event> all = interleave(List.of(sequence("a", 11, 20), sequence("b", 12, 20), sequence("c", 13, 20)), 9);
        List<Prediction> uninterrupted;
        try (var h = harness(ARRIVAL)) {
            feed(h, all);
            uninterrupted = h.extractOutputValues();
        }

        List<Prediction> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(ARRIVAL)) {
            feed(h, all.subList(0, 31));
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(0, 0);
        }
        try (var h = restored(ARRIVAL, snapshot)) {
            feed(h, all.subList(31, all.size()));
            resumed.addAll(h.extractOutputValues());
            // the restored state still rejects an event older than its key's last
            Event stale = new Event(all.get(0).key, all.get(0).ts, 1, 1);
            h.processElement(stale, stale.ts);
            assertThat(deadLetters(h)).extracting(d -> d.reason).containsExactly("out_of_order");
        }
        assertThat(resumed).isEqualTo(uninterrupted);
    }

    @Test
    void eventTimeStateAndWaitingEventsSurviveSnapshotAndRestore() throws Exception {
        List<Event> a = sequence("a", 21, 10);
        List<Event> b = sequence("b", 22, 10);
        List<Event> arrival = new ArrayList<>(interleave(List.of(a, b), 10));
        // disorder within the out-of-orderness bound
        java.util.Collections.swap(arrival, 3, 5);
        java.util.Collections.swap(arrival, 10, 13);
        long cut = a.get(4).ts;

        List<Prediction> uninterrupted;
        try (var h = harness(EVENT_TIME)) {
            feed(h, arrival.subList(0, 14));
            h.watermark(cut);
            feed(h, arrival.subList(14, arrival.size()));
            h.watermark(Long.MAX_VALUE - 1);
            uninterrupted = h.extractOutputValues();
        }
        List<Event> sorted = new ArrayList<>(arrival);
        sorted.sort(Comparator.comparingLong(e -> e.ts));
        assertThat(byKey(uninterrupted)).isEqualTo(byKey(offline(EVENT_TIME, sorted)));

        List<Prediction> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(EVENT_TIME)) {
            feed(h, arrival.subList(0, 14));
            h.watermark(cut);
            resumed.addAll(h.extractOutputValues());
            assertThat(resumed).hasSizeLessThan(14); // some events still wait in state
            snapshot = h.snapshot(0, 0);
        }
        try (var h = restored(EVENT_TIME, snapshot)) {
            feed(h, arrival.subList(14, arrival.size()));
            h.watermark(Long.MAX_VALUE - 1);
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).isEqualTo(uninterrupted);
    }

    @Test
    void rocksDbStateGivesTheOfflineResultsAcrossSnapshotAndRestore() throws Exception {
        // RocksDB hands out a deserialised copy per read: only what the function writes back persists
        List<Event> all = interleave(List.of(sequence("a", 51, 20), sequence("b", 52, 20), sequence("c", 53, 20)), 13);
        List<Prediction> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = restored(ARRIVAL, null, new EmbeddedRocksDBStateBackend())) {
            assertThat(h.getOperator().getKeyedStateBackend()).isInstanceOf(RocksDBKeyedStateBackend.class);
            h.processBroadcastElement(store.pointer(manifest).toJson(), 0);
            feed(h, all.subList(0, 31));
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(0, 0);
        }
        try (var h = restored(ARRIVAL, snapshot, new EmbeddedRocksDBStateBackend())) {
            feed(h, all.subList(31, all.size()));
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).isEqualTo(offline(ARRIVAL, all));
        assertThat(resumed).filteredOn(p -> p.anomalyScore > 0).isNotEmpty();
    }

    @Test
    void stateTtlDoesNotChangeResults() throws Exception {
        JobSpec withTtl = TestSpecs.parse(BASE + "state: {ttl: 7d}\n");
        List<Event> events = interleave(List.of(sequence("a", 31, 15), sequence("b", 32, 15)), 11);
        List<Prediction> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(withTtl)) {
            feed(h, events.subList(0, 12));
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(0, 0);
        }
        try (var h = restored(withTtl, snapshot)) {
            feed(h, events.subList(12, events.size()));
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).isEqualTo(offline(ARRIVAL, events));
    }

    @ParameterizedTest(name = "rocksDb={0}")
    @ValueSource(booleans = {false, true})
    void anExpiredKeyFreesItsStateAndStartsFreshOnItsReturn(boolean rocksDb) throws Exception {
        JobSpec withTtl = TestSpecs.parse(BASE + "state: {ttl: 1h}\n");
        long minute = 60_000;
        List<Event> a = sequence("a", 61, 4);
        List<Event> b = sequence("b", 62, 3);
        try (var h = restored(withTtl, null, rocksDb ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend())) {
            h.processBroadcastElement(store.pointer(manifest).toJson(), 0);
            h.setStateTtlProcessingTime(0);
            feed(h, a.subList(0, 3));
            feed(h, b.subList(0, 1));
            h.setStateTtlProcessingTime(40 * minute);
            feed(h, b.subList(1, 2));
            assertThat(keyedStateEntries(h)).isEqualTo(2);
            // a has been idle 80 minutes, b 40: only a has expired; on the heap, b's next record runs the
            // cleanup
            h.setStateTtlProcessingTime(80 * minute);
            feed(h, b.subList(2, 3));
            assertThat(keyedStateEntries(h)).isEqualTo(1);
            feed(h, a.subList(3, 4));
            assertThat(keyedStateEntries(h)).isEqualTo(2);

            Map<String, List<Prediction>> out = byKey(h.extractOutputValues());
            assertThat(out.get("b")).isEqualTo(offline(withTtl, b));
            Prediction returned = out.get("a").get(3);
            assertThat(returned).isEqualTo(offline(withTtl, a.subList(3, 4)).get(0));
            assertThat(returned.step).isEqualTo(1);
        }
    }

    /**
     * Entries in the operator's keyed state; on RocksDB after compacting the key state, which is when
     * its TTL compaction filter drops what has expired.
     */
    private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, Event, String, Prediction> h)
            throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        if (backend instanceof RocksDBKeyedStateBackend<?> rocksDb) {
            rocksDb.compactState(new ValueStateDescriptor<>(PredictorFunction.KEY_STATE, KeyStateSerializer.INSTANCE));
            return rocksDb.numKeyValueStateEntries();
        }
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    @Test
    void anAnnouncementNoNewerThanTheServingVersionIsStaleNotMalformed() {
        ModelPointer v1 = store.pointer(manifest);
        assertThatThrownBy(() -> StaleModelException.requireNewer(v1, v1.version()))
                .isInstanceOf(StaleModelException.class)
                .isNotInstanceOf(ModelFormatException.class)
                .hasMessage("version 1 is not newer than the serving 1");
        StaleModelException.requireNewer(v1, 0);
    }

    @Test
    void aStaleAnnouncementIsRefusedAndTheNewerVersionKeepsServing() throws Exception {
        ModelManifest v2 = TestSpecs.publish(store, ARRIVAL, TestSpecs.randomWeightsFor(ARRIVAL, 43));
        try (var h = harness(ARRIVAL)) {
            h.processBroadcastElement(store.pointer(v2).toJson(), 1);
            h.processBroadcastElement(store.pointer(manifest).toJson(), 2);
            feed(h, sequence("a", 45, 3));
            assertThat(h.extractOutputValues()).extracting(p -> p.modelVersion).containsOnly(v2.version());
        }
    }

    @Test
    void eventsBeforeTheFirstModelWaitAndAreProcessedWhenItArrives() throws Exception {
        List<Event> events = interleave(List.of(sequence("a", 41, 6), sequence("b", 42, 6), sequence("c", 43, 6)), 12);
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                function(ARRIVAL), Event::getKey, Types.STRING, PredictorFunction.MODEL_POINTER)) {
            feed(h, events.subList(0, 10));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBroadcastElement(store.pointer(manifest).toJson(), 0);
            assertThat(byKey(h.extractOutputValues())).isEqualTo(byKey(offline(ARRIVAL, events.subList(0, 10))));
            feed(h, events.subList(10, events.size()));
            assertThat(byKey(h.extractOutputValues())).isEqualTo(byKey(offline(ARRIVAL, events)));
        }
    }

    @Test
    void passThroughEmitsObservationsWithoutAModel() throws Exception {
        JobSpec passThrough = TestSpecs.parse(BASE.replace(
                "model: {hidden: 6, horizon: 2}", "model: {hidden: 6, horizon: 2, beforeFirstModel: pass-through}"));
        List<Event> events = sequence("a", 44, 3);
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                function(passThrough), Event::getKey, Types.STRING, PredictorFunction.MODEL_POINTER)) {
            feed(h, events);
            assertThat(h.extractOutputValues())
                    .allSatisfy(p -> {
                        assertThat(p.modelVersion).isZero();
                        assertThat(p.step).isZero();
                        assertThat(p.next).isNull();
                        assertThat(p.predicted).isNull();
                    })
                    .extracting(p -> p.observed)
                    .containsExactly(events.get(0).values, events.get(1).values, events.get(2).values);
        }
    }

    private static final JobSpec TOKENS = TestSpecs.parse("""
            name: harness
            fields: {features: []}
            tokens: {field: event, topK: 2, topG: 2}
            model: {hidden: 5, rewarmSteps: 4}
            anomaly: {warmup: 2}
            """);
    private static final List<String> WORDS = List.of("login", "view", "buy", "logout", "search", "crash");

    private static List<Event> tokenSequence(String key, long seed, int n, long from) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(Event.ofToken(key, T0 + 1000L * (from + i), WORDS.get(random.nextInt(WORDS.size()))));
        }
        return events;
    }

    private ModelManifest publishTokens(TokenVocabulary vocabulary, long seed) {
        return store.publish(
                ModelManifest.draft(TOKENS, vocabulary, Map.of("top1", 0.5)),
                RandomWeights.of(ModelShape.ofTokens(TOKENS, vocabulary.size()), seed),
                null);
    }

    private TokenPredictor tokenPredictor(ModelManifest m) {
        return new TokenPredictor(TOKENS, RecurrentKernel.of(store.loadWeights(m)), m.tokenVocabulary(), m.version());
    }

    /**
     * A job with tokens serves a next-token model like the offline {@link TokenPredictor}, swaps to a
     * model over a grown vocabulary re-warming each key on its next event, and refuses a model that
     * would give the serving vocabulary's ids other meanings.
     */
    /**
     * The trainer's tuner may publish a model of another shape: a job that tunes the shape serves it,
     * re-warming each key into the new size on its next event, one prediction per event throughout.
     */
    @Test
    void aTunedModelOfAnotherShapeSwapsInLiveAndReWarmsEachKey() throws Exception {
        JobSpec tuning = TestSpecs.parse(BASE
                + "training: {validationFraction: 0.2, tuning: {trials: 4, hidden: [6, 10]," + " layers: [1, 2]}}");
        JobSpec reshaped = tuning.with(JobSpec.Model.HIDDEN, 10).with(JobSpec.Model.LAYERS, 2);
        ModelWeights bigger = TestSpecs.randomWeightsFor(reshaped, 7);
        ModelManifest v2 = TestSpecs.publish(store, reshaped, bigger);
        assertThat(v2.misfit(tuning)).isNull();
        assertThat(v2.misfit(ARRIVAL)).isEqualTo("shape is 2x10, the job wants 1x6");
        List<Event> before = interleave(List.of(sequence("a", 1, 15), sequence("b", 2, 15)), 3);
        List<Event> after = interleave(List.of(sequence("a", 4, 15), sequence("b", 5, 15)), 6).stream()
                .map(e -> new Event(e.key, e.ts + 15_000L, e.values))
                .toList();

        Map<String, KeyState> states = new LinkedHashMap<>();
        List<Prediction> expected = new ArrayList<>();
        KeyPredictor p1 = new KeyPredictor(tuning, RecurrentKernel.of(weights), manifest.version());
        KeyPredictor p2 = new KeyPredictor(tuning, RecurrentKernel.of(bigger), v2.version());
        for (Event e : before) {
            expected.add(p1.step(states.computeIfAbsent(e.key, k -> p1.newState()), e));
        }
        for (Event e : after) {
            expected.add(p2.step(states.get(e.key), e));
        }
        assertThat(states.get("a").recurrent().h()).hasSize(20);
        try (var h = harness(tuning)) {
            feed(h, before);
            h.processBroadcastElement(store.pointer(v2).toJson(), 1);
            feed(h, after);
            List<Prediction> actual = h.extractOutputValues();
            assertThat(actual).hasSize(before.size() + after.size()).isEqualTo(expected);
            assertThat(actual.subList(30, 60)).extracting(p -> p.modelVersion).containsOnly(v2.version());
            assertThat(deadLetters(h)).isEmpty();
        }
        // a job that does not tune the shape refuses the model and keeps serving the first
        try (var h = harness(ARRIVAL)) {
            feed(h, before);
            h.processBroadcastElement(store.pointer(v2).toJson(), 1);
            feed(h, after);
            assertThat(h.extractOutputValues())
                    .hasSize(60)
                    .extracting(p -> p.modelVersion)
                    .containsOnly(manifest.version());
        }
    }

    @Test
    void aTokenJobServesNextTokenModelsAndSwapsOnlyToCompatibleVocabularies() throws Exception {
        TokenVocabulary four = TokenVocabulary.of(List.of("login", "view", "buy", "logout"));
        ModelManifest v1 = publishTokens(four, 1);
        ModelManifest v2 = publishTokens(four.grownBy(List.of("search"), 100), 2);
        ModelManifest v3 = publishTokens(TokenVocabulary.of(List.of("view", "login", "buy", "logout", "search")), 3);
        List<Event> before = interleave(List.of(tokenSequence("a", 1, 10, 0), tokenSequence("b", 2, 10, 0)), 3);
        List<Event> after = interleave(List.of(tokenSequence("a", 4, 10, 10), tokenSequence("b", 5, 10, 10)), 6);

        Map<String, KeyState> states = new LinkedHashMap<>();
        List<Prediction> expected = new ArrayList<>();
        TokenPredictor p1 = tokenPredictor(v1);
        TokenPredictor p2 = tokenPredictor(v2);
        for (Event e : before) {
            expected.add(p1.step(states.computeIfAbsent(e.key, k -> p1.newState()), e));
        }
        for (Event e : after) {
            expected.add(p2.step(states.get(e.key), e));
        }
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                function(TOKENS), Event::getKey, Types.STRING, PredictorFunction.MODEL_POINTER)) {
            h.processBroadcastElement(store.pointer(v1).toJson(), 0);
            feed(h, before);
            h.processBroadcastElement(store.pointer(v2).toJson(), 1);
            h.processBroadcastElement(store.pointer(v3).toJson(), 2); // reordered: refused, v2 keeps serving
            feed(h, after);
            List<Prediction> actual = h.extractOutputValues();
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.subList(0, 20)).extracting(p -> p.modelVersion).containsOnly(v1.version());
            assertThat(actual.subList(20, 40)).extracting(p -> p.modelVersion).containsOnly(v2.version());
            assertThat(actual).anyMatch(p -> p.outOfVocabulary).anyMatch(p -> p.unexpectedToken);
            assertThat(actual.subList(20, 40))
                    .filteredOn(p -> p.token.equals("search"))
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.outOfVocabulary).isFalse());
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void aTokenJobPassesTokensThroughWithoutAModelAndDeadLettersThemWithTheirToken() throws Exception {
        JobSpec passThrough = TOKENS.with(JobSpec.Model.BEFORE_FIRST_MODEL, JobSpec.BeforeFirstModel.PASS_THROUGH);
        List<Event> events = tokenSequence("a", 7, 3, 0);
        Event old = Event.ofToken("a", events.get(0).ts - 1, "buy");
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                function(passThrough), Event::getKey, Types.STRING, PredictorFunction.MODEL_POINTER)) {
            feed(h, events);
            assertThat(h.extractOutputValues())
                    .allSatisfy(p -> {
                        assertThat(p.modelVersion).isZero();
                        assertThat(p.step).isZero();
                        assertThat(p.tokenRank).isZero();
                        assertThat(p.nextTokens).isNull();
                        assertThat(p.observed).isEmpty();
                    })
                    .extracting(p -> p.token)
                    .containsExactly(events.get(0).token, events.get(1).token, events.get(2).token);
        }
        ModelManifest v1 = publishTokens(TokenVocabulary.of(List.of("login", "view")), 1);
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                function(TOKENS), Event::getKey, Types.STRING, PredictorFunction.MODEL_POINTER)) {
            h.processBroadcastElement(store.pointer(v1).toJson(), 0);
            feed(h, events);
            h.processElement(old, old.ts);
            List<DeadLetter> dead = deadLetters(h);
            assertThat(dead).extracting(d -> d.reason).containsExactly("out_of_order");
            assertThat(parsed(TOKENS, dead.get(0))).isEqualTo(old);
        }
    }

    /** Events wait in keyed state (event-time ordering, before the first model): Flink's POJO serializer keeps the token. */
    @Test
    void aTokenEventSurvivesFlinksEventSerializer() throws Exception {
        TypeInformation<Event> type = TypeInformation.of(Event.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<Event> serializer = type.createSerializer(new SerializerConfigImpl());
        Event e = Event.ofToken("a", T0, "checkout", 1.5);
        e.recordTs = T0 + 5;
        e.partition = 2;
        e.offset = 17;
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(e, out);
        Event read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read).isEqualTo(e);
        assertThat(read.token).isEqualTo("checkout");
        assertThat(read.offset).isEqualTo(17);
    }
}
