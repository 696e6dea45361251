package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.model.TokenVocabulary;
import io.stepcast.runtime.spec.JobSpec;
import io.stepcast.runtime.spec.JobSpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** How long a next-token round's minibatches are: sessions are far shorter than a chunk. */
class TokenTrainingSetTest {
    /** Chunks of 64 steps. */
    private static final JobSpec LOGS = JobSpecLoader.load("classpath:jobs/logs.yaml");

    private static final TokenVocabulary VOCABULARY = TokenVocabulary.of(List.of("login", "browse", "logout"));

    /** Ten sessions of 3, 4, 5, 6, 3, 4, 5, 6, 3 and 4 events, all training. */
    private final TokenTrainingSet set = new TokenTrainingSet(LOGS, VOCABULARY, sessions(), Long.MAX_VALUE);

    @Test
    void aMinibatchIsAsLongAsItsLongestChunk() {
        List<DataSet> batches = set.minibatches(100, new Random(1));

        assertThat(batches).hasSize(1);
        // the longest session has 6 events: the start step and 6, not the 64 of a chunk
        assertThat(batches.get(0).getFeatures().shape()).containsExactly(10, LOGS.modelInputs() + VOCABULARY.size(), 7);
        // each session labels its start step and every event but its last
        assertThat(set.steps()).isEqualTo(3 + 4 + 5 + 6 + 3 + 4 + 5 + 6 + 3 + 4);
        assertThat(batches.get(0).getLabelsMaskArray().sumNumber().longValue()).isEqualTo(set.steps());
    }

    @Test
    void minibatchesGroupChunksOfAboutOneLength() {
        // chunks of 4, 4, 4, 5, 5, 5, 6, 6, 7, 7 steps, in threes
        assertThat(set.minibatches(3, new Random(1)).stream()
                        .map(b -> b.getFeatures().size(2))
                        .toList())
                .containsExactlyInAnyOrder(4L, 5L, 7L, 7L);
    }

    private static Map<String, List<Event>> sessions() {
        String[] tokens = {"login", "browse", "logout"};
        Map<String, List<Event>> sequences = new TreeMap<>();
        for (int i = 0; i < 10; i++) {
            List<Event> events = new ArrayList<>();
            for (int t = 0; t < 3 + i % 4; t++) {
                events.add(Event.ofToken("s" + i, i + t * 10_000L, tokens[Math.min(t, 2)]));
            }
            sequences.put("s" + i, events);
        }
        return sequences;
    }
}
