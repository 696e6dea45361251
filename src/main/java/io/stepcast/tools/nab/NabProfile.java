package io.stepcast.tools.nab;

/**
 * NAB's application profiles ({@code config/profiles.json}): what a detected window earns, what a
 * false detection costs and what a missed window costs. NAB's files also carry {@code tnWeight: 1.0},
 * but no NAB scorer reads it (a true negative is worth nothing), so it has no place here.
 */
public enum NabProfile {
    STANDARD("standard", 1.0, 0.11, 1.0),
    REWARD_LOW_FP("reward_low_FP_rate", 1.0, 0.22, 1.0),
    REWARD_LOW_FN("reward_low_FN_rate", 1.0, 0.11, 2.0);

    private final String nabName;
    private final double tpWeight;
    private final double fpWeight;
    private final double fnWeight;

    NabProfile(String nabName, double tpWeight, double fpWeight, double fnWeight) {
        this.nabName = nabName;
        this.tpWeight = tpWeight;
        this.fpWeight = fpWeight;
        this.fnWeight = fnWeight;
    }

    /** The profile's key in NAB's profiles.json and results, so our reports line up with the scoreboard. */
    public String nabName() {
        return nabName;
    }

    public double tpWeight() {
        return tpWeight;
    }

    public double fpWeight() {
        return fpWeight;
    }

    public double fnWeight() {
        return fnWeight;
    }
}
