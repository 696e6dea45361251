package io.stepcast.runtime.spec;

import static io.stepcast.runtime.spec.Usage.RETRAINING;
import static io.stepcast.runtime.spec.Usage.SELF_TRAINING;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A job definition: everything that distinguishes one Stepcast deployment from another. Loaded from
 * {@code jobs/*.yaml} by {@link JobSpecLoader}; the same file drives demo, run and train. Every
 * section has defaults, so a job file names only what differs. Each setting is declared once, as a
 * {@link Setting} next to its record (default and description; {@link JobSettings} lists them), and
 * validated in the compact constructors so that an invalid spec cannot exist. A record declares its
 * settings before its {@code DEFAULT}, whose construction reads them.
 */
public record JobSpec(
        String name,
        Kafka kafka,
        Topics topics,
        Fields fields,
        Tokens tokens,
        Input input,
        Time time,
        Model model,
        Normalisation normalisation,
        Anomaly anomaly,
        Delivery delivery,
        State state,
        Training training,
        Integer parallelism)
        implements Serializable {

    public static final Setting<String> NAME =
            Setting.of("name", "stepcast", "job name (Flink job name, transactional id prefix)");
    /**
     * The job's key groups (Flink's max parallelism), fixed for its whole life so that a savepoint
     * restores at any parallelism up to it; Flink's own default for parallelisms up to 128, so state
     * written before it was pinned stays restorable.
     */
    public static final int MAX_PARALLELISM = 128;

    public static final Setting<Integer> PARALLELISM = Setting.of(
            "parallelism",
            2,
            "Flink parallelism, 1 to 128 (the job's fixed key groups: a savepoint restores at any of them)");

    public JobSpec {
        name = NAME.orDefault(name);
        require(!name.isBlank(), "name", "must not be blank");
        kafka = orDefault(kafka, Kafka.DEFAULT);
        topics = orDefault(topics, Topics.DEFAULT);
        fields = orDefault(fields, Fields.DEFAULT);
        tokens = orDefault(tokens, Tokens.DEFAULT);
        input = orDefault(input, Input.DEFAULT);
        time = orDefault(time, Time.DEFAULT);
        model = orDefault(model, Model.DEFAULT);
        normalisation = orDefault(normalisation, Normalisation.DEFAULT);
        anomaly = orDefault(anomaly, Anomaly.DEFAULT);
        delivery = orDefault(delivery, Delivery.DEFAULT);
        state = orDefault(state, State.DEFAULT);
        training = orDefault(training, Training.DEFAULT);
        parallelism = PARALLELISM.orDefault(parallelism);
        int requestLimit = kafka.maxRequestSize();
        require(
                input.deadLetterSizeBound() <= requestLimit,
                "input.deadLetterPayloadBytes",
                "a dead letter with " + input.deadLetterPayloadBytes() + " payload bytes may need "
                        + input.deadLetterSizeBound() + " bytes, more than the producer's max.request.size ("
                        + requestLimit + "); lower it to at most " + Input.payloadBytesWithin(requestLimit));
        if (tokens.categorical()) {
            require(model.horizon() == 1, "model.horizon", "a job with tokens predicts the next token: must be 1");
            require(model.lags().isEmpty(), "model.lags", "a job with tokens takes no lag inputs");
            require(training.ensemble() == 1, "training.ensemble", "a job with tokens serves one network: must be 1");
            require(
                    !training.tuning().enabled(),
                    "training.tuning.trials",
                    "tuning is for jobs that predict values: must be 0 with tokens");
        } else {
            require(!fields.features().isEmpty(), "fields.features", "must list 1 to 64 names (or set tokens.field)");
        }
        for (List<Integer> lagSet : training.tuning().lags()) {
            Model.requireLags(lagSet, model.horizon(), "training.tuning.lags");
        }
        require(
                parallelism >= 1 && parallelism <= MAX_PARALLELISM,
                "parallelism",
                "must be between 1 and " + MAX_PARALLELISM + " (the job's key groups), got " + parallelism);
    }

    /**
     * Number of numeric model inputs: the value features, each again per lag, plus two (sine, cosine)
     * per time feature. All of a numeric job's inputs; a job with tokens adds one per vocabulary entry
     * ({@code ModelShape.ofTokens}).
     */
    public int modelInputs() {
        return inputsWithLags(model.lags().size());
    }

    /** Number of numeric inputs of a model with {@code lags} lag inputs. */
    public int inputsWithLags(int lags) {
        return fields.features().size() * (1 + lags) + 2 * time.features().size();
    }

    /**
     * The lags each key keeps values and encoded inputs for: {@code model.lags}, then those of
     * {@code training.tuning.lags} not among them, in order of appearance, so that a tuned model with
     * any of the listed sets can be served and re-warmed. Without lag tuning, {@code model.lags}.
     */
    public List<Integer> keptLags() {
        if (!training.tuning().enabled()) {
            return model.lags();
        }
        LinkedHashSet<Integer> kept = new LinkedHashSet<>(model.lags());
        training.tuning().lags().forEach(kept::addAll);
        return List.copyOf(kept);
    }

    /** Number of a numeric job's model outputs: one prediction per value feature. */
    public int modelOutputs() {
        return fields.features().size();
    }

    /** Whether the job predicts tokens ({@code tokens.field} is set) rather than values. */
    public boolean categorical() {
        return tokens.categorical();
    }

    /** The same job with one setting changed, validated like a loaded one: {@code spec.with(Model.STORE, dir)}. */
    public <T> JobSpec with(Setting<T> setting, T value) {
        return RecordPaths.with(this, setting.key(), value);
    }

    public JobSpec withBootstrap(String bootstrap) {
        return with(Kafka.BOOTSTRAP, bootstrap);
    }

    public JobSpec withDelivery(Guarantee guarantee) {
        return with(Delivery.GUARANTEE, guarantee);
    }

    public JobSpec withStateBackend(StateBackend backend) {
        return with(State.BACKEND, backend);
    }

    public JobSpec withTraining(Training newTraining) {
        return RecordPaths.with(this, "training", newTraining);
    }

    /** The same job predicting {@code horizon} events ahead (forecast-eval's {@code --horizon}). */
    public JobSpec withHorizon(int horizon) {
        return with(Model.HORIZON, horizon);
    }

    public JobSpec withModelStore(String store) {
        return with(Model.STORE, store);
    }

    /**
     * The same job connected elsewhere: the command-line overrides of {@code kafka.bootstrap} and
     * {@code model.store} that every job-driven entry point takes; a null keeps the job file's value.
     */
    public JobSpec withConnections(String bootstrap, String modelStore) {
        JobSpec spec = bootstrap == null ? this : withBootstrap(bootstrap);
        return modelStore == null ? spec : spec.withModelStore(modelStore);
    }

    /** Where the job reads and writes Kafka. */
    public record Kafka(String bootstrap, String groupId, StartFrom startFrom, Map<String, String> properties)
            implements Serializable {
        public static final Setting<String> BOOTSTRAP =
                Setting.of("kafka.bootstrap", "localhost:9092", "brokers (`--bootstrap` overrides)");
        public static final Setting<String> GROUP_ID =
                Setting.of("kafka.groupId", "stepcast", "consumer group of the job");
        public static final Setting<StartFrom> START_FROM = Setting.of(
                "kafka.startFrom",
                StartFrom.COMMITTED,
                "where a job without committed offsets starts: `committed` (earliest when none), `earliest` or `latest`");
        public static final Setting<Map<String, String>> PROPERTIES = Setting.of(
                "kafka.properties",
                Map.of(),
                "extra Kafka client properties of every client of the job (TLS and SASL: see "
                        + "[docs/reliability.md](docs/reliability.md#security); secret values print as `[hidden]`)");
        static final Kafka DEFAULT = new Kafka(null, null, null, null);

        public Kafka {
            bootstrap = BOOTSTRAP.orDefault(bootstrap);
            groupId = GROUP_ID.orDefault(groupId);
            startFrom = START_FROM.orDefault(startFrom);
            properties = Map.copyOf(PROPERTIES.orDefault(properties));
        }

        /** The largest record the job's producers send: {@code max.request.size} of the properties, or Kafka's default. */
        public int maxRequestSize() {
            String configured = properties.get(MAX_REQUEST_SIZE);
            try {
                return configured == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("kafka.properties: " + MAX_REQUEST_SIZE
                        + " must be a number of bytes, got '" + configured + "'");
            }
        }

        /** As a record prints itself, but with the secret properties' values hidden: specs end up in logs. */
        @Override
        public String toString() {
            return "Kafka[bootstrap=" + bootstrap + ", groupId=" + groupId + ", startFrom=" + startFrom
                    + ", properties=" + SecretValues.masked(properties) + "]";
        }
    }

    private static final String MAX_REQUEST_SIZE = ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
    /** kafka-clients' default {@code max.request.size}. */
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    /** Where a job with no committed offsets starts reading. */
    public enum StartFrom {
        EARLIEST,
        LATEST,
        COMMITTED
    }

    /** Topic names. */
    public record Topics(String events, String predictions, String deadLetter, String models) implements Serializable {
        public static final Setting<String> EVENTS = Setting.of("topics.events", "events", "input");
        public static final Setting<String> PREDICTIONS =
                Setting.of("topics.predictions", "predictions", "output; must differ from `topics.events`");
        public static final Setting<String> DEAD_LETTER =
                Setting.derived("topics.deadLetter", "<events>-dlq", "unusable input, with reasons");
        public static final Setting<String> MODELS =
                Setting.of("topics.models", "models", "model announcements (compacted; key `<job name>/<version>`)");
        static final Topics DEFAULT = new Topics(null, null, null, null);

        public Topics {
            events = EVENTS.orDefault(events);
            predictions = PREDICTIONS.orDefault(predictions);
            deadLetter = deadLetter == null ? events + "-dlq" : deadLetter;
            models = MODELS.orDefault(models);
            require(!events.equals(predictions), "topics.predictions", "must differ from topics.events");
        }
    }

    /**
     * Field names in the input JSON. A single-feature event carries its number in {@code value}; a
     * multi-feature event carries an object {@code values} with one number per name in {@code features}.
     */
    public record Fields(String key, String time, String value, String values, List<String> features)
            implements Serializable {
        public static final Setting<String> KEY = Setting.of("fields.key", "key", "JSON field of the event's key");
        public static final Setting<String> TIME = Setting.of("fields.time", "ts", "JSON field of the event time");
        public static final Setting<String> VALUE =
                Setting.of("fields.value", "value", "JSON field of a single-feature event's value");
        public static final Setting<String> VALUES = Setting.of(
                "fields.values", "values", "JSON object of a multi-feature event's values, one number per feature");
        public static final Setting<List<String>> FEATURES = Setting.of(
                "fields.features",
                List.of("value"),
                "feature names, in model order (1 to 64; `[]` in a job with `tokens.field`)");
        static final Fields DEFAULT = new Fields(null, null, null, null, null);

        public Fields {
            key = KEY.orDefault(key);
            time = TIME.orDefault(time);
            value = VALUE.orDefault(value);
            values = VALUES.orDefault(values);
            features = List.copyOf(FEATURES.orDefault(features));
            // none only with tokens, checked by JobSpec: numeric features may ride along with a token
            require(features.size() <= 64, "fields.features", "must list at most 64 names");
            require(features.stream().distinct().count() == features.size(), "fields.features", "has duplicate names");
        }
    }

    /**
     * A categorical input: the field holding each event's token (a log template, an action, an API
     * call), and the vocabulary the model predicts over. Id 0 is the out-of-vocabulary bucket every
     * token unknown to the serving model goes to; known tokens take ids 1, 2, … in vocabulary order.
     * A learned vocabulary only grows: each trained model keeps its predecessor's tokens at their ids
     * and appends new ones, so a token's id never changes meaning across model versions.
     */
    public record Tokens(
            String field,
            List<String> vocabulary,
            Integer maxVocabulary,
            Integer maxLength,
            Integer topK,
            Integer topG,
            Double minProbability)
            implements Serializable {
        public static final Setting<String> FIELD = Setting.of(
                "tokens.field",
                "",
                "JSON field of the event's token (a string); set, the job predicts each key's next token and "
                        + "`fields.features` (may be `[]`) become inputs riding along with it");
        public static final Setting<List<String>> VOCABULARY = Setting.of(
                "tokens.vocabulary",
                List.of(),
                "the tokens the model knows, fixed; `[]` lets the trainer learn them from the events, most "
                        + "frequent first, appending to the serving model's");
        public static final Setting<Integer> MAX_VOCABULARY = Setting.of(
                "tokens.maxVocabulary",
                1023,
                "most tokens a model knows (1 to 65535); the model predicts over these plus the out-of-vocabulary "
                        + "bucket");
        public static final Setting<Integer> MAX_LENGTH =
                Setting.of("tokens.maxLength", 128, "longest token, in UTF-8 bytes (`invalid_token`)");
        public static final Setting<Integer> TOP_K = Setting.of(
                "tokens.topK", 5, "most probable next tokens each prediction lists, with their probabilities");
        public static final Setting<Integer> TOP_G = Setting.of(
                "tokens.topG",
                3,
                "an arrived token the model did not rank among its top this many is flagged `unexpectedToken` "
                        + "(DeepLog's g)");
        public static final Setting<Double> MIN_PROBABILITY = Setting.of(
                "tokens.minProbability",
                0.0,
                "an arrived token the model gave less than this probability is flagged `unexpectedToken` too, "
                        + "whatever its rank: where only one or two tokens may follow, the rank of an impossible one "
                        + "among the other near-zero ones is chance");
        static final Tokens DEFAULT = new Tokens(null, null, null, null, null, null, null);

        public Tokens {
            field = FIELD.orDefault(field);
            vocabulary = List.copyOf(VOCABULARY.orDefault(vocabulary));
            maxVocabulary = MAX_VOCABULARY.orDefault(maxVocabulary);
            maxLength = MAX_LENGTH.orDefault(maxLength);
            topK = TOP_K.orDefault(topK);
            topG = TOP_G.orDefault(topG);
            minProbability = MIN_PROBABILITY.orDefault(minProbability);
            require(
                    maxVocabulary >= 1 && maxVocabulary <= 65_535,
                    "tokens.maxVocabulary",
                    "must be between 1 and 65535, got " + maxVocabulary);
            require(
                    maxLength >= 1 && maxLength <= 32_768,
                    "tokens.maxLength",
                    "must be between 1 and 32768, got " + maxLength);
            require(
                    vocabulary.size() <= maxVocabulary,
                    "tokens.vocabulary",
                    "lists " + vocabulary.size() + " tokens, more than tokens.maxVocabulary (" + maxVocabulary + ")");
            require(vocabulary.stream().distinct().count() == vocabulary.size(), "tokens.vocabulary", "has duplicates");
            int longest = maxLength;
            require(
                    vocabulary.stream()
                            .allMatch(t -> !t.isEmpty() && t.getBytes(StandardCharsets.UTF_8).length <= longest),
                    "tokens.vocabulary",
                    "tokens must be non-empty and at most tokens.maxLength (" + maxLength + ") UTF-8 bytes");
            // a model with fewer token ids lists them all
            require(topK >= 1 && topK <= 65_536, "tokens.topK", "must be between 1 and 65536, got " + topK);
            require(topG >= 1 && topG <= 65_536, "tokens.topG", "must be between 1 and 65536, got " + topG);
            require(
                    minProbability >= 0 && minProbability < 1,
                    "tokens.minProbability",
                    "must be in [0, 1), got " + minProbability);
        }

        /** DeepLog's test, with the probability floor: whether a token so ranked and so probable is unexpected. */
        public boolean unexpected(int rank, double probability) {
            return rank > topG || probability < minProbability;
        }

        /** Whether a token field is set: the job predicts tokens. */
        public boolean categorical() {
            return !field.isEmpty();
        }

        /** Whether the trainer learns the vocabulary (none is fixed in the job file). */
        public boolean learned() {
            return vocabulary.isEmpty();
        }
    }

    /**
     * What the job accepts: every record outside these limits goes to the dead-letter topic with its
     * reason, so no input can fail the job, overflow a key's state or stall a key (docs/reliability.md
     * lists every case).
     */
    public record Input(
            Integer maxPayloadBytes,
            Integer maxKeyLength,
            Double maxAbsValue,
            Duration maxFutureSkew,
            Duration maxTimeJump,
            DuplicatePolicy duplicates,
            Integer deadLetterPayloadBytes)
            implements Serializable {
        /**
         * The largest {@link #MAX_ABS_VALUE} a job may set: every per-key sum of squares over a window
         * of values this large stays finite in double precision (see docs/reliability.md, "Finite state").
         */
        public static final double VALUE_CEILING = 1e100;
        /**
         * What a dead letter holds besides its payload: reason, a detail cut to 300 characters (each six
         * bytes at worst when escaped), the record's coordinates and the JSON around them.
         */
        static final int DEAD_LETTER_OVERHEAD = 4096;
        /** A JSON string escapes a control character in six characters: at worst six bytes for one. */
        static final int ESCAPED_BYTES_PER_BYTE = 6;

        public static final Setting<Integer> MAX_PAYLOAD_BYTES = Setting.of(
                "input.maxPayloadBytes",
                64 * 1024,
                "larger event records are dead-lettered (`payload_too_large`) unparsed");
        public static final Setting<Integer> MAX_KEY_LENGTH =
                Setting.of("input.maxKeyLength", 256, "longest event key, in UTF-8 bytes (`key_too_long`)");
        public static final Setting<Double> MAX_ABS_VALUE = Setting.of(
                "input.maxAbsValue",
                1e15,
                "largest magnitude of a value (`value_out_of_range`), at most 1e100, which keeps every per-key sum "
                        + "finite; NaN and infinities are always refused (`non_finite_value`)");
        public static final Setting<Duration> MAX_FUTURE_SKEW = Setting.of(
                "input.maxFutureSkew",
                Duration.ofHours(1),
                "how far an event time may lie ahead of its Kafka record's timestamp (when it was produced or "
                        + "appended; the same on every replay, unlike the clock) (`future_time`)");
        public static final Setting<Duration> MAX_TIME_JUMP = Setting.of(
                "input.maxTimeJump",
                Duration.ofDays(7),
                "how far an event time may lie ahead of its key's last event, beyond the time between their Kafka "
                        + "records (a key back after a silence is fine; one wild time in a replay is not) "
                        + "(`time_jump`); `0s` is off. A refused time never becomes the key's last, so it cannot "
                        + "block the events that follow");
        public static final Setting<DuplicatePolicy> DUPLICATES = Setting.of(
                "input.duplicates",
                DuplicatePolicy.DROP,
                "an event with its key's last event time: `drop` (dead-lettered as `duplicate`) or `keep` "
                        + "(predicted like any other)");
        public static final Setting<Integer> DEAD_LETTER_PAYLOAD_BYTES = Setting.of(
                "input.deadLetterPayloadBytes",
                16 * 1024,
                "a dead letter keeps at most this many bytes of the record and says `truncated`, so that it "
                        + "always fits the producer's `max.request.size` (checked when the job file loads)");
        static final Input DEFAULT = new Input(null, null, null, null, null, null, null);

        public Input {
            maxPayloadBytes = MAX_PAYLOAD_BYTES.orDefault(maxPayloadBytes);
            maxKeyLength = MAX_KEY_LENGTH.orDefault(maxKeyLength);
            maxAbsValue = MAX_ABS_VALUE.orDefault(maxAbsValue);
            maxFutureSkew = MAX_FUTURE_SKEW.orDefault(maxFutureSkew);
            maxTimeJump = MAX_TIME_JUMP.orDefault(maxTimeJump);
            duplicates = DUPLICATES.orDefault(duplicates);
            deadLetterPayloadBytes = DEAD_LETTER_PAYLOAD_BYTES.orDefault(deadLetterPayloadBytes);
            require(maxPayloadBytes >= 1, "input.maxPayloadBytes", "must be at least 1, got " + maxPayloadBytes);
            require(
                    maxKeyLength >= 1 && maxKeyLength <= 32_768,
                    "input.maxKeyLength",
                    "must be between 1 and 32768, got " + maxKeyLength);
            require(
                    maxAbsValue > 0 && maxAbsValue <= VALUE_CEILING,
                    "input.maxAbsValue",
                    "must be in (0, 1e100], got " + maxAbsValue);
            require(!maxFutureSkew.isNegative(), "input.maxFutureSkew", "must not be negative");
            require(!maxTimeJump.isNegative(), "input.maxTimeJump", "must not be negative");
            require(
                    deadLetterPayloadBytes >= 0,
                    "input.deadLetterPayloadBytes",
                    "must not be negative, got " + deadLetterPayloadBytes);
        }

        /** The most bytes a dead letter can take: its payload escaped at worst, plus everything else. */
        public long deadLetterSizeBound() {
            return (long) deadLetterPayloadBytes * ESCAPED_BYTES_PER_BYTE + DEAD_LETTER_OVERHEAD;
        }

        /** The largest {@code deadLetterPayloadBytes} whose dead letters fit {@code requestLimit} bytes. */
        static long payloadBytesWithin(int requestLimit) {
            return Math.max(0, (requestLimit - DEAD_LETTER_OVERHEAD) / ESCAPED_BYTES_PER_BYTE);
        }

        /** Whether {@link #MAX_TIME_JUMP} is checked. */
        public boolean limitsTimeJumps() {
            return !maxTimeJump.isZero();
        }
    }

    /** What happens to an event with its key's last event time. */
    public enum DuplicatePolicy {
        DROP,
        KEEP
    }

    /** Event time: ordering, watermarks and calendar features. */
    public record Time(Duration maxOutOfOrderness, Duration idleTimeout, List<TimeFeature> features, String zone)
            implements Serializable {
        public static final Setting<Duration> MAX_OUT_OF_ORDERNESS = Setting.of(
                "time.maxOutOfOrderness",
                Duration.ZERO,
                "`0s`: process each event on arrival (Kafka keeps a key's events in order); an event "
                        + "older than its key's last is dead-lettered. Above zero: events wait in keyed state until "
                        + "the watermark passes them and are processed in event-time order; events behind the "
                        + "watermark are dead-lettered");
        public static final Setting<Duration> IDLE_TIMEOUT = Setting.of(
                "time.idleTimeout",
                Duration.ofSeconds(30),
                "a source partition silent this long stops holding back the watermark");
        public static final Setting<List<TimeFeature>> FEATURES = Setting.of(
                "time.features", List.of(), "calendar inputs: `hour-of-day`, `day-of-week` (each a sine/cosine pair)");
        public static final Setting<String> ZONE = Setting.of("time.zone", "UTC", "time zone of the calendar features");
        static final Time DEFAULT = new Time(null, null, null, null);

        public Time {
            maxOutOfOrderness = MAX_OUT_OF_ORDERNESS.orDefault(maxOutOfOrderness);
            idleTimeout = IDLE_TIMEOUT.orDefault(idleTimeout);
            features = List.copyOf(FEATURES.orDefault(features));
            zone = ZONE.orDefault(zone);
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
    public enum TimeFeature {
        HOUR_OF_DAY,
        DAY_OF_WEEK
    }

    /** The network, how far ahead it predicts, and what happens to keys' state around model swaps. */
    public record Model(
            Cell cell,
            Integer hidden,
            Integer layers,
            Integer horizon,
            String store,
            SwapPolicy onSwap,
            Integer rewarmSteps,
            BeforeFirstModel beforeFirstModel,
            List<Integer> lags)
            implements Serializable {
        public static final Setting<Cell> CELL = Setting.of(
                "model.cell", Cell.LSTM, "`lstm` or `rnn` (Elman: `h = tanh(W·x + U·h + b)`, `y = V·h + c`)");
        public static final Setting<Integer> HIDDEN =
                Setting.of("model.hidden", 32, "hidden units per layer (1 to 4096)");
        public static final Setting<Integer> LAYERS = Setting.of("model.layers", 1, "stacked layers (1 to 8)");
        public static final Setting<Integer> HORIZON =
                Setting.of("model.horizon", 1, "how many of the key's events ahead each prediction looks (1 to 1000)");
        public static final Setting<String> STORE = Setting.of(
                "model.store",
                "./models",
                "model store: a folder or any Flink file-system URI; the job refuses models announced outside it "
                        + "(`--model-store` overrides)");
        public static final Setting<SwapPolicy> ON_SWAP = Setting.of(
                "model.onSwap",
                SwapPolicy.REWARM,
                "a key's hidden state when new weights arrive, applied on its next event: `rewarm` (replay its last "
                        + "`rewarmSteps` inputs through the new weights from zero state), `reset` (zero state) or "
                        + "`keep` (re-warms too when a tuned model's hidden state has another size)");
        public static final Setting<Integer> REWARM_STEPS =
                Setting.of("model.rewarmSteps", 32, "inputs each key keeps for re-warming (0 to 10000)");
        public static final Setting<BeforeFirstModel> BEFORE_FIRST_MODEL = Setting.of(
                "model.beforeFirstModel",
                BeforeFirstModel.BUFFER,
                "events arriving before any model: `buffer` them per key until one "
                        + "arrives, or `pass-through` (a prediction record with `step` 0, no `next` and "
                        + "`modelVersion` 0)");
        public static final Setting<List<Integer>> LAGS = Setting.of(
                "model.lags",
                List.of(),
                "lag inputs: for each L, every feature's value L events before the predicted event (L ≥ `horizon`; "
                        + "with 30-minute data 336 is the same time a week earlier, what the weekly-naive forecast "
                        + "says, and 48 a day earlier), normalised like the value; each key keeps its last "
                        + "`max(L) − horizon + 1` values for them");
        static final Model DEFAULT = new Model(null, null, null, null, null, null, null, null, null);

        public Model {
            cell = CELL.orDefault(cell);
            hidden = HIDDEN.orDefault(hidden);
            layers = LAYERS.orDefault(layers);
            horizon = HORIZON.orDefault(horizon);
            store = STORE.orDefault(store);
            onSwap = ON_SWAP.orDefault(onSwap);
            rewarmSteps = REWARM_STEPS.orDefault(rewarmSteps);
            beforeFirstModel = BEFORE_FIRST_MODEL.orDefault(beforeFirstModel);
            lags = List.copyOf(LAGS.orDefault(lags));
            require(hidden >= 1 && hidden <= 4096, "model.hidden", "must be between 1 and 4096, got " + hidden);
            require(layers >= 1 && layers <= 8, "model.layers", "must be between 1 and 8, got " + layers);
            require(horizon >= 1 && horizon <= 1000, "model.horizon", "must be between 1 and 1000, got " + horizon);
            require(
                    rewarmSteps >= 0 && rewarmSteps <= 10_000,
                    "model.rewarmSteps",
                    "must be between 0 and 10000, got " + rewarmSteps);
            requireLags(lags, horizon, "model.lags");
        }

        /** Lag inputs must look at least {@code horizon} events back (what the predicted event's are). */
        static void requireLags(List<Integer> lags, int horizon, String field) {
            require(
                    lags.stream().allMatch(l -> l >= horizon && l <= 100_000),
                    field,
                    "each must be between model.horizon (" + horizon + ") and 100000, got " + lags);
            require(lags.stream().distinct().count() == lags.size(), field, "has duplicates in " + lags);
        }
    }

    public enum SwapPolicy {
        REWARM,
        RESET,
        KEEP
    }

    public enum BeforeFirstModel {
        BUFFER,
        PASS_THROUGH
    }

    /** Per-key input scaling. */
    public record Normalisation(NormalisationMode mode, Integer window) implements Serializable {
        public static final Setting<NormalisationMode> MODE =
                Setting.of("normalisation.mode", NormalisationMode.RUNNING, "`running` (per-key mean/std) or `none`");
        public static final Setting<Integer> WINDOW =
                Setting.of("normalisation.window", 1000, "memory of the running mean/variance, in events (at least 2)");
        static final Normalisation DEFAULT = new Normalisation(null, null);

        public Normalisation {
            mode = MODE.orDefault(mode);
            window = WINDOW.orDefault(window);
            require(window >= 2, "normalisation.window", "must be at least 2, got " + window);
        }
    }

    public enum NormalisationMode {
        RUNNING,
        NONE
    }

    /**
     * Anomaly scoring (see {@code AnomalyLikelihood}): the score is a tail probability in [0, 1], from
     * the ranks of the key's recent prediction errors among its earlier ones; {@code season} adds the
     * seasonal score.
     */
    public record Anomaly(
            Double threshold,
            Integer warmup,
            Integer shortWindow,
            Boolean rangeCheck,
            Double rangeMargin,
            Integer suppressHalfLife,
            Season season)
            implements Serializable {
        public static final Setting<Double> THRESHOLD =
                Setting.of("anomaly.threshold", 0.999, "score at which `anomaly` is true, in (0, 1]");
        public static final Setting<Integer> WARMUP = Setting.of(
                "anomaly.warmup",
                30,
                "errors left out while the key's normaliser settles; the next as many fill the error distribution; "
                        + "scoring starts after both (at least 2)");
        public static final Setting<Integer> SHORT_WINDOW = Setting.of(
                "anomaly.shortWindow",
                5,
                "how many recent error ranks are summed, 1 to 20 (1 scores single spikes; more catch a run of "
                        + "merely large errors)");
        public static final Setting<Boolean> RANGE_CHECK =
                Setting.of("anomaly.rangeCheck", false, "score a value beyond the key's range so far as 1");
        public static final Setting<Double> RANGE_MARGIN = Setting.of(
                "anomaly.rangeMargin",
                0.01,
                "how far beyond the range (a fraction of it) a value must lie for `rangeCheck`");
        public static final Setting<Integer> SUPPRESS_HALF_LIFE = Setting.of(
                "anomaly.suppressHalfLife",
                0,
                "report each score by how far its surprise, −log10(1 − score), exceeds the key's peak surprise so "
                        + "far, the peak decaying with this half-life in events: one incident alarms once, a bigger "
                        + "one still shows; `0` is off");
        static final Anomaly DEFAULT = new Anomaly(null, null, null, null, null, null, null);

        public Anomaly {
            threshold = THRESHOLD.orDefault(threshold);
            warmup = WARMUP.orDefault(warmup);
            shortWindow = SHORT_WINDOW.orDefault(shortWindow);
            rangeCheck = RANGE_CHECK.orDefault(rangeCheck);
            rangeMargin = RANGE_MARGIN.orDefault(rangeMargin);
            suppressHalfLife = SUPPRESS_HALF_LIFE.orDefault(suppressHalfLife);
            season = orDefault(season, Season.DEFAULT);
            require(threshold > 0 && threshold <= 1, "anomaly.threshold", "must be in (0, 1], got " + threshold);
            require(warmup >= 2, "anomaly.warmup", "must be at least 2, got " + warmup);
            require(
                    shortWindow >= 1 && shortWindow <= 20,
                    "anomaly.shortWindow",
                    "must be between 1 and 20, got " + shortWindow);
            require(rangeMargin >= 0, "anomaly.rangeMargin", "must not be negative, got " + rangeMargin);
            require(suppressHalfLife >= 0, "anomaly.suppressHalfLife", "must not be negative, got " + suppressHalfLife);
        }
    }

    /**
     * The seasonal score (see {@code SeasonalDeviation}): each value compared with the key's value one
     * period earlier, the deviation scored like a prediction error.
     */
    public record Season(Duration period, Double minCorrelation, Integer shortWindow, Integer window)
            implements Serializable {
        public static final Setting<Duration> PERIOD = Setting.of(
                "anomaly.season.period",
                Duration.ZERO,
                "also score each value against the key's value one period earlier (`1d` for a daily rhythm); the "
                        + "event's score is the larger of the two; `0s` is off. The period is counted in events from "
                        + "the key's spacing (median of its first 8 intervals); a key whose period would be over "
                        + "4,096 events gets no seasonal score. Costs one period of values per key");
        public static final Setting<Double> MIN_CORRELATION = Setting.of(
                "anomaly.season.minCorrelation",
                0.9,
                "the seasonal score counts only while the key's values correlate with those a period earlier at "
                        + "least this much (−1 to 1)");
        public static final Setting<Integer> SHORT_WINDOW = Setting.of(
                "anomaly.season.shortWindow", 5, "how many recent seasonal-deviation ranks are summed, 1 to 20");
        public static final Setting<Integer> WINDOW = Setting.of(
                "anomaly.season.window",
                1000,
                "events over which that correlation and the deviations' scale are averaged (at least 2)");
        static final Season DEFAULT = new Season(null, null, null, null);

        public Season {
            period = PERIOD.orDefault(period);
            minCorrelation = MIN_CORRELATION.orDefault(minCorrelation);
            shortWindow = SHORT_WINDOW.orDefault(shortWindow);
            window = WINDOW.orDefault(window);
            require(!period.isNegative(), "anomaly.season.period", "must not be negative");
            require(
                    minCorrelation >= -1 && minCorrelation <= 1,
                    "anomaly.season.minCorrelation",
                    "must be between -1 and 1, got " + minCorrelation);
            require(
                    shortWindow >= 1 && shortWindow <= 20,
                    "anomaly.season.shortWindow",
                    "must be between 1 and 20, got " + shortWindow);
            require(window >= 2, "anomaly.season.window", "must be at least 2, got " + window);
        }

        /** Whether the seasonal score is on. */
        public boolean enabled() {
            return !period.isZero();
        }
    }

    /** Delivery guarantee of the prediction and dead-letter sinks, and network buffering between operators. */
    public record Delivery(
            Guarantee guarantee,
            Duration checkpointInterval,
            String transactionalIdPrefix,
            Duration bufferTimeout,
            String checkpointDir)
            implements Serializable {
        public static final Setting<Guarantee> GUARANTEE = Setting.of(
                "delivery.guarantee",
                Guarantee.AT_LEAST_ONCE,
                "`exactly-once` (Kafka transactions; read with `isolation.level=read_committed`), `at-least-once` "
                        + "or `none` (no checkpoints)");
        public static final Setting<Duration> CHECKPOINT_INTERVAL = Setting.of(
                "delivery.checkpointInterval",
                Duration.ofSeconds(10),
                "checkpoint interval (and so the commit interval with `exactly-once`); at least 10 ms");
        public static final Setting<String> TRANSACTIONAL_ID_PREFIX =
                Setting.of("delivery.transactionalIdPrefix", "stepcast", "prefix of the sinks' transactional ids");
        public static final Setting<Duration> BUFFER_TIMEOUT = Setting.of(
                "delivery.bufferTimeout",
                Duration.ofMillis(5),
                "longest wait of a record in a network buffer between operators before the "
                        + "buffer is sent half full (Flink's default, 100 ms, trades latency for bulk throughput; a "
                        + "prediction service wants less)");
        public static final Setting<String> CHECKPOINT_DIR = Setting.of(
                "delivery.checkpointDir",
                "./checkpoints",
                "`run` only (a cluster keeps its own checkpoint storage): local folder of the job's checkpoints, "
                        + "`<dir>/<name>/<job id>/chk-N` (the newest 3 kept, also when the job is stopped), and of the "
                        + "savepoints it takes when stopped, `<dir>/<name>/savepoints`; `run` resumes from the newest of "
                        + "them (`--checkpoint-dir` overrides)");
        static final Delivery DEFAULT = new Delivery(null, null, null, null, null);

        public Delivery {
            guarantee = GUARANTEE.orDefault(guarantee);
            checkpointInterval = CHECKPOINT_INTERVAL.orDefault(checkpointInterval);
            transactionalIdPrefix = TRANSACTIONAL_ID_PREFIX.orDefault(transactionalIdPrefix);
            bufferTimeout = BUFFER_TIMEOUT.orDefault(bufferTimeout);
            checkpointDir = CHECKPOINT_DIR.orDefault(checkpointDir);
            require(!checkpointDir.isBlank(), "delivery.checkpointDir", "must not be blank");
            require(checkpointInterval.toMillis() >= 10, "delivery.checkpointInterval", "must be at least 10 ms");
            require(!bufferTimeout.isNegative(), "delivery.bufferTimeout", "must not be negative");
        }
    }

    public enum Guarantee {
        EXACTLY_ONCE,
        AT_LEAST_ONCE,
        NONE
    }

    /** Keyed state: how long an unseen key is kept, and where state lives. */
    public record State(Duration ttl, StateBackend backend) implements Serializable {
        public static final Setting<Duration> TTL = Setting.of(
                "state.ttl",
                Duration.ZERO,
                "forget a key's state (hidden state, normaliser, error statistics) once it has had no event for this "
                        + "long by the wall clock (processing time, not event time); a key that returns later starts "
                        + "afresh, as a new key would. `0s` keeps state forever");
        public static final Setting<StateBackend> BACKEND = Setting.of(
                "state.backend",
                StateBackend.HEAP,
                "where keyed state lives: `heap` (Flink's hashmap backend, objects on the JVM heap: fastest; each "
                        + "checkpoint is a full copy) or `rocksdb` (serialised in RocksDB on the TaskManager's local "
                        + "disk: many more keys than the heap holds, slower per event as each access (de)serialises, "
                        + "checkpoints incremental where the cluster sets `execution.checkpointing.incremental: "
                        + "true`). Per key at LSTM H=32: see [`docs/benchmarks.md`](docs/benchmarks.md)");
        static final State DEFAULT = new State(null, null);

        public State {
            ttl = TTL.orDefault(ttl);
            backend = BACKEND.orDefault(backend);
            require(!ttl.isNegative(), "state.ttl", "must not be negative");
        }
    }

    /** Where keyed state lives (see {@link State#BACKEND}). */
    public enum StateBackend {
        HEAP,
        ROCKSDB
    }

    /**
     * DL4J training: what every kind of training reads, then the periodic trainer's schedule and
     * promotion rule, then the per-key models of {@code nab} and {@code forecast-eval}.
     */
    public record Training(
            Integer epochs,
            Integer sequenceLength,
            Integer tbptt,
            Integer batchSize,
            Double learningRate,
            Double validationFraction,
            Long seed,
            Duration every,
            Long everyEvents,
            Duration window,
            Double promoteMargin,
            Integer windowEvents,
            Integer ensemble,
            Tuning tuning)
            implements Serializable {
        public static final Setting<Integer> EPOCHS =
                Setting.of("training.epochs", 10, "passes over the training data");
        public static final Setting<Integer> SEQUENCE_LENGTH = Setting.of(
                "training.sequenceLength",
                200,
                "events per training sequence (each starts from zero state; at least 2)");
        public static final Setting<Integer> TBPTT =
                Setting.of("training.tbptt", 50, "truncated back-propagation length (at most `sequenceLength`)");
        public static final Setting<Integer> BATCH_SIZE =
                Setting.of("training.batchSize", 32, "sequences per minibatch");
        public static final Setting<Double> LEARNING_RATE =
                Setting.of("training.learningRate", 0.01, "Adam learning rate, in (0, 1)");
        public static final Setting<Double> VALIDATION_FRACTION = Setting.of(
                "training.validationFraction", 0.2, "newest share of each key held out for validation, in [0, 1)");
        public static final Setting<Long> SEED =
                Setting.of("training.seed", 42L, "seed of initialisation and shuffling");
        public static final Setting<Duration> EVERY = Setting.of(
                        "training.every", Duration.ofHours(1), "time between retraining rounds (at least 1s)")
                .onlyFor(RETRAINING);
        public static final Setting<Long> EVERY_EVENTS = Setting.of(
                        "training.everyEvents",
                        0L,
                        "the periodic trainer starts a round early once this many new events arrived (`0` only counts "
                                + "time); for a series with a model of its own see `training.windowEvents`")
                .onlyFor(RETRAINING, SELF_TRAINING);
        public static final Setting<Duration> WINDOW = Setting.of(
                        "training.window",
                        Duration.ofDays(1),
                        "train on the events that reached Kafka (record time) within this window, warm-started from the "
                                + "serving model (at least 1s)")
                .onlyFor(RETRAINING);
        public static final Setting<Double> PROMOTE_MARGIN = Setting.of(
                        "training.promoteMargin",
                        0.0,
                        "how much lower (a fraction, `0.02` = 2%) the candidate's validation MAE on the newest, held-out "
                                + "slice must be than the serving model's to replace it")
                .onlyFor(RETRAINING);
        public static final Setting<Integer> WINDOW_EVENTS = Setting.of(
                        "training.windowEvents",
                        5000,
                        "a series with a model of its own trains on its newest this many events; rounds start after two "
                                + "sequences' worth, double, then come every `training.everyEvents`")
                .onlyFor(SELF_TRAINING);
        public static final Setting<Integer> ENSEMBLE = Setting.of(
                        "training.ensemble",
                        1,
                        "networks per series (1 to 100), alike but seeded `seed`, `seed + 1`, …, trained side by side each "
                                + "round (as many at once as the JVM's common fork-join pool allows) and served as one model "
                                + "whose output is their average")
                .onlyFor(SELF_TRAINING)
                .refusedElsewhere();
        static final Training DEFAULT =
                new Training(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        public Training {
            epochs = EPOCHS.orDefault(epochs);
            sequenceLength = SEQUENCE_LENGTH.orDefault(sequenceLength);
            tbptt = TBPTT.orDefault(tbptt);
            batchSize = BATCH_SIZE.orDefault(batchSize);
            learningRate = LEARNING_RATE.orDefault(learningRate);
            validationFraction = VALIDATION_FRACTION.orDefault(validationFraction);
            seed = SEED.orDefault(seed);
            every = EVERY.orDefault(every);
            everyEvents = EVERY_EVENTS.orDefault(everyEvents);
            window = WINDOW.orDefault(window);
            promoteMargin = PROMOTE_MARGIN.orDefault(promoteMargin);
            windowEvents = WINDOW_EVENTS.orDefault(windowEvents);
            ensemble = ENSEMBLE.orDefault(ensemble);
            tuning = orDefault(tuning, Tuning.DEFAULT);
            require(epochs >= 1, "training.epochs", "must be at least 1, got " + epochs);
            require(sequenceLength >= 2, "training.sequenceLength", "must be at least 2, got " + sequenceLength);
            require(
                    tbptt >= 1 && tbptt <= sequenceLength,
                    "training.tbptt",
                    "must be between 1 and training.sequenceLength, got " + tbptt);
            require(batchSize >= 1, "training.batchSize", "must be at least 1, got " + batchSize);
            require(
                    learningRate > 0 && learningRate < 1,
                    "training.learningRate",
                    "must be in (0, 1), got " + learningRate);
            require(
                    validationFraction >= 0 && validationFraction < 1,
                    "training.validationFraction",
                    "must be in [0, 1), got " + validationFraction);
            require(every.toMillis() >= 1000, "training.every", "must be at least 1s");
            require(everyEvents >= 0, "training.everyEvents", "must not be negative");
            require(window.toMillis() >= 1000, "training.window", "must be at least 1s");
            require(
                    promoteMargin >= 0 && promoteMargin < 1,
                    "training.promoteMargin",
                    "must be in [0, 1), got " + promoteMargin);
            require(windowEvents >= 2, "training.windowEvents", "must be at least 2, got " + windowEvents);
            require(
                    ensemble >= 1 && ensemble <= 100,
                    "training.ensemble",
                    "must be between 1 and 100, got " + ensemble);
            require(
                    !tuning.enabled() || validationFraction > 0,
                    "training.validationFraction",
                    "tuning picks a configuration by its error on the held-out slice: must be above 0 when "
                            + "training.tuning.trials is set");
        }

        public Training withEpochs(int newEpochs) {
            return RecordPaths.with(this, "epochs", newEpochs);
        }

        public Training withLearningRate(double newLearningRate) {
            return RecordPaths.with(this, "learningRate", newLearningRate);
        }

        /** With {@code newLength} events per sequence, {@code tbptt} capped at it. */
        public Training withSequenceLength(int newLength) {
            // tbptt first: it only shrinks, so no intermediate copy has tbptt above sequenceLength
            Training capped = RecordPaths.with(this, "tbptt", Math.min(tbptt, newLength));
            return RecordPaths.with(capped, "sequenceLength", newLength);
        }

        public Training withSeed(long newSeed) {
            return RecordPaths.with(this, "seed", newSeed);
        }
    }

    /**
     * Automatic parameter tuning by successive halving (Jamieson and Talwalkar, 2016; the inner loop of
     * Hyperband): each round the trainer samples {@code trials} configurations from the lists below,
     * trains all of them briefly, keeps the best {@code 1/eta} by validation error, trains those
     * {@code eta} times longer, and so on until one is left, trained for {@code training.epochs}. An
     * empty list keeps the job file's own value for that setting. The serving model's configuration is
     * always among the trials, warm-started from its weights, so a round never does worse on the
     * validation slice than continuing to train the serving model.
     */
    public record Tuning(
            Integer trials,
            Integer eta,
            List<Integer> hidden,
            List<Integer> layers,
            List<Double> learningRate,
            List<Integer> sequenceLength,
            List<Double> recent,
            List<List<Integer>> lags,
            Integer refitEpochs)
            implements Serializable {
        public static final Setting<Integer> TRIALS = setting(
                "training.tuning.trials",
                0,
                "configurations each training round starts with (successive halving); `0` trains the job "
                        + "file's settings only");
        public static final Setting<Integer> ETA = setting(
                "training.tuning.eta",
                3,
                "each rung keeps the best 1/eta of the configurations and trains them eta times more epochs "
                        + "(2 to 10)");
        public static final Setting<List<Integer>> HIDDEN = setting(
                "training.tuning.hidden",
                List.of(8, 16, 32),
                "hidden sizes to try (`[]`: `model.hidden` only); a model of another shape than the serving one "
                        + "swaps in by re-warming each key");
        public static final Setting<List<Integer>> LAYERS =
                setting("training.tuning.layers", List.of(1, 2), "layer counts to try (`[]`: `model.layers` only)");
        public static final Setting<List<Double>> LEARNING_RATE = setting(
                "training.tuning.learningRate",
                List.of(0.003, 0.01, 0.03),
                "Adam learning rates to try (`[]`: `training.learningRate` only)");
        public static final Setting<List<Integer>> SEQUENCE_LENGTH = Tuning.<List<Integer>>setting(
                "training.tuning.sequenceLength",
                List.of(),
                "training sequence lengths to try, `tbptt` capped at each (`[]`: `training.sequenceLength` only)");
        public static final Setting<List<Double>> RECENT = Tuning.<List<Double>>setting(
                "training.tuning.recent",
                List.of(),
                "shares of each key's training part, newest first, to try training on, in (0, 1] (`[]`: all "
                        + "of it); validation stays the same held-out slice");
        public static final Setting<List<List<Integer>>> LAGS = Tuning.<List<List<Integer>>>setting(
                "training.tuning.lags",
                List.of(),
                "sets of lag inputs to try, each a `model.lags` list (`[[], [48, 336]]`; `[]`: `model.lags` only); "
                        + "each key then keeps the values and inputs of every lag listed, so a model with any of "
                        + "them can be re-warmed");
        public static final Setting<Integer> REFIT_EPOCHS = Setting.of(
                        "training.tuning.refitEpochs",
                        1,
                        "a series with a model of its own then trains the winner this many epochs more on its whole "
                                + "window, the held-out newest rows included (`0`: not); the trainer cannot, its gate "
                                + "needs them held out")
                .onlyFor(SELF_TRAINING);
        static final Tuning DEFAULT = new Tuning(null, null, null, null, null, null, null, null, null);

        /** A tuning setting: the trainer and the self-training commands read it, {@code train} does not. */
        private static <T> Setting<T> setting(String key, T defaultValue, String description) {
            return Setting.of(key, defaultValue, description).onlyFor(RETRAINING, SELF_TRAINING);
        }

        public Tuning {
            trials = TRIALS.orDefault(trials);
            eta = ETA.orDefault(eta);
            hidden = List.copyOf(HIDDEN.orDefault(hidden));
            layers = List.copyOf(LAYERS.orDefault(layers));
            learningRate = List.copyOf(LEARNING_RATE.orDefault(learningRate));
            sequenceLength = List.copyOf(SEQUENCE_LENGTH.orDefault(sequenceLength));
            recent = List.copyOf(RECENT.orDefault(recent));
            lags = LAGS.orDefault(lags).stream().map(List::copyOf).toList();
            refitEpochs = REFIT_EPOCHS.orDefault(refitEpochs);
            require(trials >= 0 && trials <= 243, "training.tuning.trials", "must be between 0 and 243, got " + trials);
            require(eta >= 2 && eta <= 10, "training.tuning.eta", "must be between 2 and 10, got " + eta);
            require(
                    hidden.stream().allMatch(h -> h >= 1 && h <= 4096),
                    "training.tuning.hidden",
                    "each must be between 1 and 4096, got " + hidden);
            require(
                    layers.stream().allMatch(l -> l >= 1 && l <= 8),
                    "training.tuning.layers",
                    "each must be between 1 and 8, got " + layers);
            require(
                    learningRate.stream().allMatch(r -> r > 0 && r < 1),
                    "training.tuning.learningRate",
                    "each must be in (0, 1), got " + learningRate);
            require(
                    sequenceLength.stream().allMatch(l -> l >= 2),
                    "training.tuning.sequenceLength",
                    "each must be at least 2, got " + sequenceLength);
            require(
                    recent.stream().allMatch(r -> r > 0 && r <= 1),
                    "training.tuning.recent",
                    "each must be in (0, 1], got " + recent);
            require(
                    refitEpochs >= 0 && refitEpochs <= 100,
                    "training.tuning.refitEpochs",
                    "must be between 0 and 100, got " + refitEpochs);
        }

        /** Whether training rounds tune at all. */
        public boolean enabled() {
            return trials > 0;
        }

        /** Whether a tuned model may have another hidden size or layer count than {@code model}'s. */
        public boolean changesShape(Model model) {
            return enabled()
                    && (hidden.stream().anyMatch(h -> h != model.hidden())
                            || layers.stream().anyMatch(l -> l != model.layers()));
        }

        /** Whether a tuned model may have other lag inputs than {@code model}'s. */
        public boolean changesLags(Model model) {
            return enabled() && lags.stream().anyMatch(l -> !l.equals(model.lags()));
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
