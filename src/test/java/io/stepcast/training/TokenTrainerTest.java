package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepcast.TestSpecs;
import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The token trainer's choices that need no training: the vocabulary and the held-out events. */
class TokenTrainerTest {
    private static final String JOB = """
            name: tokens
            fields: {features: []}
            tokens: {field: event, maxVocabulary: %d%s}
            training: {validationFraction: 0.25}
            """;

    private static JobSpec spec(int maxVocabulary, String more) {
        return TestSpecs.parse(String.format(JOB, maxVocabulary, more));
    }

    /** Two keys; times 1..8: the newest quarter (times 7 and 8) validates. */
    private static final Map<String, List<Event>> SEQUENCES = new TreeMap<>(Map.of(
            "a",
            List.of(
                    Event.ofToken("a", 1, "x"),
                    Event.ofToken("a", 3, "y"),
                    Event.ofToken("a", 5, "y"),
                    Event.ofToken("a", 7, "late")),
            "b",
            List.of(
                    Event.ofToken("b", 2, "z"),
                    Event.ofToken("b", 4, "y"),
                    Event.ofToken("b", 6, "z"),
                    Event.ofToken("b", 8, "late"))));

    @Test
    void theNewestEventsByTimeValidateWhicheverKeyTheyBelongTo() {
        TokenTrainer trainer = new TokenTrainer(spec(10, ""));
        assertThat(trainer.validationCutoff(SEQUENCES)).isEqualTo(7);
        assertThat(TokenTrainer.before(SEQUENCES.get("a"), 7)).isEqualTo(3);
        assertThat(TokenTrainer.before(SEQUENCES.get("b"), 7)).isEqualTo(3);
        assertThat(new TokenTrainer(spec(10, "").with(JobSpec.Training.VALIDATION_FRACTION, 0.0))
                        .validationCutoff(SEQUENCES))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLearnedVocabularyListsTheTrainingTokensMostFrequentFirstTiesByName() {
        TokenVocabulary learned = new TokenTrainer(spec(10, "")).vocabulary(SEQUENCES, null);
        // y three times, z twice, x once; "late" only validates
        assertThat(learned.tokens()).containsExactly("y", "z", "x");
    }

    @Test
    void aLearnedVocabularyGrowsFromTheBaseKeepingItsIdsAndStopsAtTheMaximum() {
        TokenVocabulary base = TokenVocabulary.of(List.of("old", "z"));
        assertThat(new TokenTrainer(spec(10, "")).vocabulary(SEQUENCES, base).tokens())
                .containsExactly("old", "z", "y", "x");
        assertThat(new TokenTrainer(spec(3, "")).vocabulary(SEQUENCES, base).tokens())
                .containsExactly("old", "z", "y");
    }

    @Test
    void aFixedVocabularyIsTheJobFilesWhateverTheEvents() {
        TokenVocabulary fixed = new TokenTrainer(spec(10, ", vocabulary: [z, x]"))
                .vocabulary(SEQUENCES, TokenVocabulary.of(List.of("other")));
        assertThat(fixed.tokens()).containsExactly("z", "x");
    }

    @Test
    void aNumericJobHasNoTokenTrainer() {
        assertThatThrownBy(() -> new TokenTrainer(TestSpecs.parse("name: numeric\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens.field");
    }
}
