package io.stepcast.runtime.spec;

import io.stepcast.runtime.spec.Cell;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A job definition: everything that distinguishes one Stepcast deployment from another. Loaded from
 * {@code jobs/*.yaml} by {@link JobSpecLoader}; the same file drives demo, run and train. Every
 * section has defaults, so a job file names only what differs. Validation happens in the compact
 * constructors so that an invalid spec cannot exist.
 */
public record JobSpec(
        String name,
        Kafka kafka,
        Topics topics,
        Fields fields,
        Time time,
        Model model,
        Normalisation normalisation,
        Anomaly anomaly,
        Delivery delivery,
        State state,
        Training training,
        Integer parallelism)
        implements Serializable {

    public JobSpec {
        name = orDefault(name, "stepcast");
        require(!name.isBlank(), "name", "must not be blank");
        kafka = orDefault(kafka, Kafka.DEFAULT);
        topics = orDefault(topics, Topics.DEFAULT);
        fields = orDefault(fields, Fields.DEFAULT);
        time = orDefault(time, Time.DEFAULT);
        model = orDefault(model, Model.DEFAULT);
        normalisation = orDefault(normalisation, Normalisation.DEFAULT);
        anomaly = orDefault(anomaly, Anomaly.DEFAULT);
        delivery = orDefault(delivery, Delivery.DEFAULT);
        state = orDefault(state, State.DEFAULT);
        training = orDefault(training, Training.DEFAULT);
        parallelism = orDefault(parallelism, 2);
        require(parallelism >= 1 && parallelism <= 1024, "parallelism", "must be between 1 and 1024, got " + parallelism);
    }

    /** Number of model inputs: the value features, each again per lag, plus two (sine, cosine) per time feature. */
    public int modelInputs() {
        return fields.features().size() * (1 + model.lags().size()) + 2 * time.features().size();
    }

    /** Number of model outputs: one prediction per value feature. */
    public int modelOutputs() {
        return fields.features().size();
    }

    public JobSpec withBootstrap(String bootstrap) {
        return new JobSpec(name, new Kafka(bootstrap, kafka.groupId(), kafka.startFrom(), kafka.properties()),
                topics, fields, time, model, normalisation, anomaly, delivery, state, training, parallelism);
    }

    public JobSpec withDelivery(Guarantee guarantee) {
        return new JobSpec(name, kafka, topics, fields, time, model, normalisation, anomaly,
                new Delivery(guarantee, delivery.checkpointInterval(), delivery.transactionalIdPrefix(),
                        delivery.bufferTimeout()),
                state, training, parallelism);
    }

    public JobSpec withStateBackend(StateBackend backend) {
        return new JobSpec(name, kafka, topics, fields, time, model, normalisation, anomaly, delivery,
                new State(state.ttl(), backend), training, parallelism);
    }

    public JobSpec withTraining(Training newTraining) {
        return new JobSpec(name, kafka, topics, fields, time, model, normalisation, anomaly, delivery, state,
                newTraining, parallelism);
    }

    /** The same job predicting {@code horizon} events ahead (forecast-eval's {@code --horizon}). */
    public JobSpec withHorizon(int horizon) {
        return new JobSpec(name, kafka, topics, fields, time,
                new Model(model.cell(), model.hidden(), model.layers(), horizon, model.store(), model.onSwap(),
                        model.rewarmSteps(), model.beforeFirstModel(), model.lags()),
                normalisation, anomaly, delivery, state, training, parallelism);
    }

    public JobSpec withModelStore(String store) {
        return new JobSpec(name, kafka, topics, fields, time,
                model.withStore(store),
                normalisation, anomaly, delivery, state, training, parallelism);
    }

    /** Where the job reads and writes Kafka. */
    public record Kafka(String bootstrap, String groupId, StartFrom startFrom, Map<String, String> properties)
            implements Serializable {
        static final Kafka DEFAULT = new Kafka(null, null, null, null);

        public Kafka {
            bootstrap = orDefault(bootstrap, "localhost:9092");
            groupId = orDefault(groupId, "stepcast");
            startFrom = orDefault(startFrom, StartFrom.COMMITTED);
            properties = Map.copyOf(orDefault(properties, Map.of()));
        }
    }

    /** Where a job with no committed offsets starts reading. */
    public enum StartFrom { EARLIEST, LATEST, COMMITTED }

    /** Topic names. */
    public record Topics(String events, String predictions, String deadLetter, String models) implements Serializable {
        static final Topics DEFAULT = new Topics(null, null, null, null);

        public Topics {
            events = orDefault(events, "events");
            predictions = orDefault(predictions, "predictions");
            deadLetter = orDefault(deadLetter, events + "-dlq");
            models = orDefault(models, "models");
            require(!events.equals(predictions), "topics.predictions", "must differ from topics.events");
        }
    }

    /**
     * Field names in the input JSON. A single-feature event carries its number in {@code value}; a
     * multi-feature event carries an object {@code values} with one number per name in {@code features}.
     */
    public record Fields(String key, String time, String value, String values, List<String> features)
            implements Serializable {
        static final Fields DEFAULT = new Fields(null, null, null, null, null);

        public Fields {
            key = orDefault(key, "key");
            time = orDefault(time, "ts");
            value = orDefault(value, "value");
            values = orDefault(values, "values");
            features = List.copyOf(orDefault(features, List.of("value")));
            require(!features.isEmpty() && features.size() <= 64, "fields.features", "must list 1 to 64 names");
            require(features.stream().distinct().count() == features.size(), "fields.features", "has duplicate names");
        }
    }

    /**
     * Event time. With {@code maxOutOfOrderness} zero, each key's events are processed as they arrive and
     * one older than its key's last event is dead-lettered; above zero, events wait until the watermark
     * passes them and are processed in event-time order, and events behind the watermark are dead-lettered.
     */
    public record Time(Duration maxOutOfOrderness, Duration idleTimeout, List<TimeFeature> features, String zone)
            implements Serializable {
        static final Time DEFAULT = new Time(null, null, null, null);

        public Time {
            maxOutOfOrderness = orDefault(maxOutOfOrderness, Duration.ZERO);
            idleTimeout = orDefault(idleTimeout, Duration.ofSeconds(30));
            features = List.copyOf(orDefault(features, List.of()));
            zone = orDefault(zone, "UTC");
            require(!maxOutOfOrderness.isNegative(), "time.maxOutOfOrderness", "must not be negative");
            require(features.stream().distinct().count() == features.size(), "time.features", "has duplicates");
            try {
                java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("time.zone: unknown time zone '" + zone + "'");
            }
        }

        public boolean eventTimeOrdering() {
            return !maxOutOfOrderness.isZero();
        }
    }

    /** Calendar features; each enters the model as a (sine, cosine) pair. */
    public enum TimeFeature { HOUR_OF_DAY, DAY_OF_WEEK }

    /**
     * The network. {@code horizon} is how many of the key's events ahead each prediction looks.
     * {@code onSwap} says what happens to a key's hidden state when new weights arrive (the state was
     * computed by the old ones): {@code rewarm} replays the key's last {@code rewarmSteps} inputs
     * through the new weights from zero state on its next event, {@code reset} starts from zero state,
     * {@code keep} carries the old state over. {@code beforeFirstModel} says what happens to events
     * that arrive before any model does: {@code buffer} them in keyed state until one arrives, or
     * {@code pass-through} (emit predictions without model output).
     */
    public record Model(Cell cell, Integer hidden, Integer layers, Integer horizon, String store, SwapPolicy onSwap,
            Integer rewarmSteps, BeforeFirstModel beforeFirstModel, List<Integer> lags) implements Serializable {
        static final Model DEFAULT = new Model(null, null, null, null, null, null, null, null, null);

        public Model {
            cell = orDefault(cell, Cell.LSTM);
            hidden = orDefault(hidden, 32);
            layers = orDefault(layers, 1);
            horizon = orDefault(horizon, 1);
            store = orDefault(store, "./models");
            onSwap = orDefault(onSwap, SwapPolicy.REWARM);
            rewarmSteps = orDefault(rewarmSteps, 32);
            beforeFirstModel = orDefault(beforeFirstModel, BeforeFirstModel.BUFFER);
            lags = List.copyOf(orDefault(lags, List.of()));
            require(hidden >= 1 && hidden <= 4096, "model.hidden", "must be between 1 and 4096, got " + hidden);
            require(layers >= 1 && layers <= 8, "model.layers", "must be between 1 and 8, got " + layers);
            require(horizon >= 1 && horizon <= 1000, "model.horizon", "must be between 1 and 1000, got " + horizon);
            require(rewarmSteps >= 0 && rewarmSteps <= 10_000, "model.rewarmSteps",
                    "must be between 0 and 10000, got " + rewarmSteps);
            int shortest = horizon;
            require(lags.stream().allMatch(l -> l >= shortest && l <= 100_000), "model.lags",
                    "each must be between model.horizon (" + horizon + ") and 100000, got " + lags);
            require(lags.stream().distinct().count() == lags.size(), "model.lags", "has duplicates");
        }

        Model withStore(String newStore) {
            return new Model(cell, hidden, layers, horizon, newStore, onSwap, rewarmSteps, beforeFirstModel, lags);
        }
    }

    public enum SwapPolicy { REWARM, RESET, KEEP }

    public enum BeforeFirstModel { BUFFER, PASS_THROUGH }

    /** Per-key input scaling; {@code window} bounds the memory of the running mean and variance. */
    public record Normalisation(NormalisationMode mode, Integer window) implements Serializable {
        static final Normalisation DEFAULT = new Normalisation(null, null);

        public Normalisation {
            mode = orDefault(mode, NormalisationMode.RUNNING);
            window = orDefault(window, 1000);
            require(window >= 2, "normalisation.window", "must be at least 2, got " + window);
        }
    }

    public enum NormalisationMode { RUNNING, NONE }

    /**
     * Anomaly scoring (see {@code AnomalyLikelihood}): the score is a tail probability in [0, 1]; at or
     * above {@code threshold} the event is flagged. {@code warmup} errors are left out while the
     * normaliser settles and as many more fill the error histogram before scoring starts;
     * {@code shortWindow} is how many recent error ranks are summed; {@code rangeCheck}
     * scores a value beyond the key's range so far (by more than {@code rangeMargin} of it) as 1;
     * {@code suppressHalfLife} reports only a score's excess over the key's recent peak (0: off); {@code season} adds the
     * seasonal score (off unless it names a period).
     */
    public record Anomaly(Double threshold, Integer warmup, Integer shortWindow, Boolean rangeCheck,
            Double rangeMargin, Integer suppressHalfLife, Season season) implements Serializable {
        static final Anomaly DEFAULT = new Anomaly(null, null, null, null, null, null, null);

        public Anomaly {
            threshold = orDefault(threshold, 0.999);
            warmup = orDefault(warmup, 30);
            shortWindow = orDefault(shortWindow, 5);
            rangeCheck = orDefault(rangeCheck, false);
            rangeMargin = orDefault(rangeMargin, 0.01);
            suppressHalfLife = orDefault(suppressHalfLife, 0);
            season = orDefault(season, Season.DEFAULT);
            require(threshold > 0 && threshold <= 1, "anomaly.threshold", "must be in (0, 1], got " + threshold);
            require(warmup >= 2, "anomaly.warmup", "must be at least 2, got " + warmup);
            require(shortWindow >= 1 && shortWindow <= 20, "anomaly.shortWindow",
                    "must be between 1 and 20, got " + shortWindow);
            require(rangeMargin >= 0, "anomaly.rangeMargin", "must not be negative, got " + rangeMargin);
            require(suppressHalfLife >= 0, "anomaly.suppressHalfLife", "must not be negative, got " + suppressHalfLife);
        }
    }

    /**
     * The seasonal score (see {@code SeasonalDeviation}): each value is compared with the key's value one
     * {@code period} earlier (0: off), counted in events from the key's own spacing; the deviation is
     * scored like a prediction error, over {@code shortWindow} ranks, while the key's values correlate
     * with those a period earlier by at least {@code minCorrelation} over about the last {@code window}
     * events.
     */
    public record Season(Duration period, Double minCorrelation, Integer shortWindow, Integer window)
            implements Serializable {
        static final Season DEFAULT = new Season(null, null, null, null);

        public Season {
            period = orDefault(period, Duration.ZERO);
            minCorrelation = orDefault(minCorrelation, 0.9);
            shortWindow = orDefault(shortWindow, 5);
            window = orDefault(window, 1000);
            require(!period.isNegative(), "anomaly.season.period", "must not be negative");
            require(minCorrelation >= -1 && minCorrelation <= 1, "anomaly.season.minCorrelation",
                    "must be between -1 and 1, got " + minCorrelation);
            require(shortWindow >= 1 && shortWindow <= 20, "anomaly.season.shortWindow",
                    "must be between 1 and 20, got " + shortWindow);
            require(window >= 2, "anomaly.season.window", "must be at least 2, got " + window);
        }

        /** Whether the seasonal score is on. */
        public boolean enabled() {
            return !period.isZero();
        }
    }

    /**
     * Delivery guarantee of the prediction and dead-letter sinks, and how long a record may wait in a
     * network buffer between operators before the buffer is sent half full ({@code bufferTimeout}:
     * Flink's default of 100 ms suits bulk throughput; a prediction service wants less).
     */
    public record Delivery(Guarantee guarantee, Duration checkpointInterval, String transactionalIdPrefix,
            Duration bufferTimeout) implements Serializable {
        static final Delivery DEFAULT = new Delivery(null, null, null, null);

        public Delivery {
            guarantee = orDefault(guarantee, Guarantee.AT_LEAST_ONCE);
            checkpointInterval = orDefault(checkpointInterval, Duration.ofSeconds(10));
            transactionalIdPrefix = orDefault(transactionalIdPrefix, "stepcast");
            bufferTimeout = orDefault(bufferTimeout, Duration.ofMillis(5));
            require(checkpointInterval.toMillis() >= 10, "delivery.checkpointInterval", "must be at least 10 ms");
            require(!bufferTimeout.isNegative(), "delivery.bufferTimeout", "must not be negative");
        }
    }

    public enum Guarantee { EXACTLY_ONCE, AT_LEAST_ONCE, NONE }

    /**
     * Keyed state: a key unseen for {@code ttl} is forgotten (zero keeps state forever); {@code backend}
     * holds it on the JVM heap or in RocksDB on local disk.
     */
    public record State(Duration ttl, StateBackend backend) implements Serializable {
        static final State DEFAULT = new State(null, null);

        public State {
            ttl = orDefault(ttl, Duration.ZERO);
            backend = orDefault(backend, StateBackend.HEAP);
            require(!ttl.isNegative(), "state.ttl", "must not be negative");
        }
    }

    /**
     * Where keyed state lives: {@code heap} (Flink's hashmap backend: objects on the heap, fastest, every
     * checkpoint a full copy) or {@code rocksdb} (serialised in RocksDB on local disk: as many keys as the
     * disk holds, each access (de)serialises, and checkpoints can be incremental).
     */
    public enum StateBackend { HEAP, ROCKSDB }

    /**
     * DL4J training settings. The trainer process retrains every {@code every}, or after
     * {@code everyEvents} new events when that is above zero, on the events of the last
     * {@code window}, warm-started from the serving model, and promotes the candidate only if its
     * error on the newest slice (held out) is below the serving model's by {@code promoteMargin}
     * (a fraction: 0.02 means 2% lower). A key with a model of its own (the {@code nab} and
     * {@code forecast-eval} commands) retrains on its newest {@code windowEvents} events, first after
     * two sequences' worth, then each time its count doubles, then every {@code everyEvents}.
     * Such a model is {@code ensemble} networks, seeded {@code seed}, {@code seed + 1}, …, whose
     * outputs are averaged.
     */
    public record Training(Integer epochs, Integer sequenceLength, Integer tbptt, Integer batchSize,
            Double learningRate, Double validationFraction, Long seed, Duration every, Long everyEvents,
            Duration window, Double promoteMargin, Integer windowEvents, Integer ensemble) implements Serializable {
        static final Training DEFAULT =
                new Training(null, null, null, null, null, null, null, null, null, null, null, null, null);

        public Training {
            epochs = orDefault(epochs, 10);
            sequenceLength = orDefault(sequenceLength, 200);
            tbptt = orDefault(tbptt, 50);
            batchSize = orDefault(batchSize, 32);
            learningRate = orDefault(learningRate, 0.01);
            validationFraction = orDefault(validationFraction, 0.2);
            seed = orDefault(seed, 42L);
            every = orDefault(every, Duration.ofHours(1));
            everyEvents = orDefault(everyEvents, 0L);
            window = orDefault(window, Duration.ofDays(1));
            promoteMargin = orDefault(promoteMargin, 0.0);
            windowEvents = orDefault(windowEvents, 5000);
            ensemble = orDefault(ensemble, 1);
            require(epochs >= 1, "training.epochs", "must be at least 1, got " + epochs);
            require(sequenceLength >= 2, "training.sequenceLength", "must be at least 2, got " + sequenceLength);
            require(tbptt >= 1 && tbptt <= sequenceLength, "training.tbptt",
                    "must be between 1 and training.sequenceLength, got " + tbptt);
            require(batchSize >= 1, "training.batchSize", "must be at least 1, got " + batchSize);
            require(learningRate > 0 && learningRate < 1, "training.learningRate", "must be in (0, 1), got " + learningRate);
            require(validationFraction >= 0 && validationFraction < 1, "training.validationFraction",
                    "must be in [0, 1), got " + validationFraction);
            require(every.toMillis() >= 1000, "training.every", "must be at least 1s");
            require(everyEvents >= 0, "training.everyEvents", "must not be negative");
            require(window.toMillis() >= 1000, "training.window", "must be at least 1s");
            require(promoteMargin >= 0 && promoteMargin < 1, "training.promoteMargin",
                    "must be in [0, 1), got " + promoteMargin);
            require(windowEvents >= 2, "training.windowEvents", "must be at least 2, got " + windowEvents);
            require(ensemble >= 1 && ensemble <= 100, "training.ensemble", "must be between 1 and 100, got " + ensemble);
        }

        public Training withEpochs(int newEpochs) {
            return new Training(newEpochs, sequenceLength, tbptt, batchSize, learningRate, validationFraction, seed,
                    every, everyEvents, window, promoteMargin, windowEvents, ensemble);
        }

        public Training withSeed(long newSeed) {
            return new Training(epochs, sequenceLength, tbptt, batchSize, learningRate, validationFraction, newSeed,
                    every, everyEvents, window, promoteMargin, windowEvents, ensemble);
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
