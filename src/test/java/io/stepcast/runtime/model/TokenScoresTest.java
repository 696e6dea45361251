package io.stepcast.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenScoresTest {

    @Test
    void softmaxMatchesTheDefinitionAndSumsToOne() {
        float[] logits = {1f, 2f, 3f, -1f};
        float[] p = new float[4];

        TokenScores.softmax(logits, p);

        double z = Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(-1);
        for (int i = 0; i < 4; i++) {
            assertThat((double) p[i]).isCloseTo(Math.exp(logits[i]) / z, within(1e-7));
        }
        assertThat(sum(p)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void softmaxIsStableForLogitsWhoseExponentialsOverflow() {
        float[] logits = {1000f, 1001f, -1000f};

        TokenScores.softmax(logits, logits);

        assertThat((double) logits[1]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-7));
        assertThat((double) logits[0]).isCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), within(1e-7));
        assertThat(logits[2]).isZero();
    }

    @Test
    void rankAndTopKBreakTiesByLowerTokenId() {
        float[] p = {0.1f, 0.3f, 0.1f, 0.3f, 0.2f};
        int[] ids = new int[4];
        float[] top = new float[4];

        TokenScores.topK(p, ids, top);

        assertThat(ids).containsExactly(1, 3, 4, 0);
        assertThat(top).containsExactly(0.3f, 0.3f, 0.2f, 0.1f);
        assertThat(IntStream.range(0, 5).map(t -> TokenScores.rank(p, t))).containsExactly(4, 1, 5, 2, 3);
    }

    @Test
    void topKAgreesWithAFullSortAndRankForRandomScores() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            int vocabulary = 1 + random.nextInt(300);
            float[] p = new float[vocabulary];
            for (int i = 0; i < vocabulary; i++) {
                // few distinct values, so ties are common
                p[i] = random.nextInt(20) / 20f;
            }
            int k = 1 + random.nextInt(Math.min(vocabulary, 10));
            int[] ids = new int[k];
            float[] top = new float[k];

            TokenScores.topK(p, ids, top);

            Integer[] sorted = IntStream.range(0, vocabulary).boxed().toArray(Integer[]::new);
            Arrays.sort(sorted, Comparator.<Integer>comparingDouble(t -> -p[t]).thenComparingInt(t -> t));
            for (int r = 0; r < k; r++) {
                assertThat(ids[r]).isEqualTo(sorted[r]);
                assertThat(top[r]).isEqualTo(p[sorted[r]]);
                assertThat(TokenScores.rank(p, ids[r])).isEqualTo(r + 1);
            }
        }
    }

    @Test
    void rejectsMismatchedArraysAndUnknownTokens() {
        float[] p = new float[4];
        assertThatThrownBy(() -> TokenScores.softmax(new float[3], p)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenScores.rank(p, 4)).hasMessageContaining("token must be in [0, 4)");
        assertThatThrownBy(() -> TokenScores.topK(p, new int[5], new float[5]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenScores.topK(p, new int[2], new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allocatesNothingPerCall() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(5);
        float[] logits = new float[1024];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        float[] p = new float[logits.length];
        int[] ids = new int[5];
        float[] top = new float[5];
        long ranks = 0;
        // warm up so the JIT has compiled the loops before measuring
        for (int i = 0; i < 20_000; i++) {
            ranks += serve(logits, p, ids, top, i);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            ranks += serve(logits, p, ids, top, i);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(ranks).isPositive();
        // a few hundred bytes of slack for the measurement itself; one array per call would be 40 MB
        assertThat(allocated).isLessThan(1_000);
    }

    private static int serve(float[] logits, float[] p, int[] ids, float[] top, int i) {
        TokenScores.softmax(logits, p);
        TokenScores.topK(p, ids, top);
        return TokenScores.rank(p, i % logits.length);
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
