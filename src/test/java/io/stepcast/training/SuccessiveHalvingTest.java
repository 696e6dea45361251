package io.stepcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {

    /** A trial whose score after e epochs is known: {@code floor + gap / e}, NaN when it diverges. */
    private static final class Known implements SuccessiveHalving.Trial {
        final double floor;
        final double gap;
        int epochs;
        int trainCalls;

        Known(double floor, double gap) {
            this.floor = floor;
            this.gap = gap;
        }

        @Override
        public void trainTo(int target) {
            assertThat(target).isGreaterThanOrEqualTo(epochs);
            if (target > epochs) {
                trainCalls++;
            }
            epochs = target;
        }

        @Override
        public double score() {
            return floor + gap / epochs;
        }
    }

    @Test
    void rungsEndAtTheFullBudgetAndStartAtItsEtaPowerShare() {
        assertThat(new SuccessiveHalving(3, 5).rungEpochs(9)).containsExactly(1, 2, 5);
        assertThat(new SuccessiveHalving(3, 9).rungEpochs(27)).containsExactly(1, 1, 3, 9);
        assertThat(new SuccessiveHalving(3, 9).rungEpochs(26)).containsExactly(1, 3, 9);
        assertThat(new SuccessiveHalving(2, 8).rungEpochs(8)).containsExactly(1, 2, 4, 8);
        assertThat(new SuccessiveHalving(3, 5).rungEpochs(2)).containsExactly(5);
        assertThat(new SuccessiveHalving(3, 5).rungEpochs(1)).containsExactly(5);
    }

    @Test
    void onlyTheBestThirdGoesOnAtEachRung() {
        // trial 5 would end best (0.1) but starts at 0.7, outside rung 0's best third: halving trades such
        // late starters for budget
        double[] floors = {0.9, 0.8, 0.3, 0.7, 0.6, 0.1, 0.5, 0.4, 1.0};
        double[] gaps = {0, 0, 0, 0, 0, 0.6, 0, 0, 0};
        List<Known> trials = new ArrayList<>();
        for (int t = 0; t < floors.length; t++) {
            trials.add(new Known(floors[t], gaps[t]));
        }
        List<String> log = new ArrayList<>();
        SuccessiveHalving.Outcome outcome = new SuccessiveHalving(3, 9).run(trials, log::add);

        assertThat(outcome.winner()).isEqualTo(2);
        // rung 0 (1 epoch): 2 (0.3), 7 (0.4), 6 (0.5) go on
        assertThat(outcome.epochs().get(5)).containsExactly(1);
        assertThat(outcome.epochs().get(2)).containsExactly(1, 3, 9);
        assertThat(outcome.epochs().get(7)).containsExactly(1, 3);
        assertThat(outcome.epochs().get(6)).containsExactly(1, 3);
        assertThat(outcome.epochs().get(0)).containsExactly(1);
        assertThat(outcome.scores().get(7)).containsExactly(0.4, 0.4);
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).isEqualTo("rung 0: 9 trials at 1 epochs, best trial 2 (0.300000), 3 go on");
        assertThat(log.get(2)).isEqualTo("rung 2: 1 trials at 9 epochs, best trial 2 (0.300000), 0 go on");
        // 9 trials × 1 epoch, 3 trained to 3, 1 trained to 9: each trial trained once per rung it reached
        assertThat(trials.stream().mapToInt(t -> t.trainCalls).sum()).isEqualTo(9 + 3 + 1);
        assertThat(trials.stream().mapToInt(t -> t.epochs).sum()).isEqualTo(6 * 1 + 2 * 3 + 9);
    }

    @Test
    void aSlowStarterWithinTheSurvivorsWinsOnTheFullBudget() {
        // all three survive rung 0 (eta 3 of 9 trials); trial 1 starts worst of them and ends best
        List<Known> trials = new ArrayList<>();
        trials.add(new Known(0.50, 0.0));
        trials.add(new Known(0.10, 0.54)); // 0.64 at 1 epoch, 0.28 at 3, 0.16 at 9
        trials.add(new Known(0.30, 0.0));
        for (int t = 3; t < 9; t++) {
            trials.add(new Known(1 + t, 0));
        }
        SuccessiveHalving.Outcome outcome = new SuccessiveHalving(3, 9).run(trials, line -> {});
        assertThat(outcome.winner()).isEqualTo(1);
        assertThat(outcome.scores().get(1)).hasSize(3);
        assertThat(outcome.scores().get(1).get(2)).isCloseTo(0.16, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void divergedTrialsRankLastAndTiesGoToTheEarlierTrial() {
        List<SuccessiveHalving.Trial> trials = new ArrayList<>();
        trials.add(fixed(Double.NaN));
        trials.add(fixed(0.5));
        trials.add(fixed(0.5));
        trials.add(fixed(Double.NaN));
        SuccessiveHalving.Outcome outcome = new SuccessiveHalving(2, 4).run(trials, line -> {});
        assertThat(outcome.winner()).isEqualTo(1);
        assertThat(outcome.epochs().get(0)).containsExactly(1);
        assertThat(outcome.epochs().get(1)).containsExactly(1, 2, 4);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new SuccessiveHalving(1, 5)).hasMessageContaining("eta");
        assertThatThrownBy(() -> new SuccessiveHalving(3, 0)).hasMessageContaining("maxEpochs");
        assertThatThrownBy(() -> new SuccessiveHalving(3, 5).run(List.of(), line -> {}))
                .hasMessageContaining("at least one trial");
    }

    private static SuccessiveHalving.Trial fixed(double score) {
        return new SuccessiveHalving.Trial() {
            @Override
            public void trainTo(int epochs) {}

            @Override
            public double score() {
                return score;
            }
        };
    }
}
