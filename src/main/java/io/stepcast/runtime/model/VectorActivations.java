package io.stepcast.runtime.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh over float vectors, built only from IEEE-exact lanewise operations (add,
 * multiply, fused multiply-add, divide, min, max, conversions, shifts).
 *
 * <p>Why not the Vector API's own {@code EXP}/{@code TANH}: the JIT compiles them to SVML routines
 * while interpreted or not-yet-compiled code uses a Java fallback, and the two round differently. A
 * key's outputs would then depend on how warm the JVM was when its events arrived, so a replay or a
 * restore would not reproduce them bit for bit. Every operation used here is exactly specified, so
 * this code gives the same bits in every tier, like the scalar kernel's {@code Math.exp}.
 *
 * <p>exp is Cephes' expf: e^x = 2^n · e^r with n = round(x·log2 e), r = x − n·ln 2 (ln 2 split in two
 * parts for precision), e^r by a degree-6 polynomial; about 1 ulp of float. x is clamped to
 * [−87.3, 88] so 2^n stays a normal float. Hand-written because the library version is the
 * non-reproducible one described above.
 */
final class VectorActivations {
    private static final float MIN_X = -87.33654f;
    private static final float MAX_X = 88.0f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** 1.5·2^23: floats around it are spaced exactly 1 apart. */
    private static final float ROUNDING_MAGIC = 12582912f;

    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private VectorActivations() {}

    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> species = x.species();
        FloatVector v = x.max(MIN_X).min(MAX_X);
        // n = round(v·log2 e) by the magic-number trick: adding 1.5·2^23 leaves n in the low mantissa
        // bits. Cheaper than float/int conversions, which JDK 17 does not compile for every species.
        FloatVector shifted = v.fma(LOG2E, ROUNDING_MAGIC);
        FloatVector n = shifted.sub(ROUNDING_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(species, -LN2_HIGH), v);
        r = n.fma(FloatVector.broadcast(species, -LN2_LOW), r);
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(species, P2));
        p = p.fma(r, FloatVector.broadcast(species, P3));
        p = p.fma(r, FloatVector.broadcast(species, P4));
        p = p.fma(r, FloatVector.broadcast(species, P5));
        p = p.fma(r.mul(r), r.add(1f));
        IntVector twoToNBits = shifted.reinterpretAsInts()
                .sub(Float.floatToRawIntBits(ROUNDING_MAGIC) - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(twoToNBits.reinterpretAsFloats());
    }

    static FloatVector sigmoid(FloatVector x) {
        // x·(−1) rather than neg(): JDK 17 does not compile the float NEG lanewise op here (it allocated)
        return FloatVector.broadcast(x.species(), 1f).div(exp(x.mul(-1f)).add(1f));
    }

    /** 1 − 2 / (e^{2x} + 1): saturates cleanly to ±1 where e^{2x} is clamped. */
    static FloatVector tanh(FloatVector x) {
        FloatVector two = FloatVector.broadcast(x.species(), 2f);
        return FloatVector.broadcast(x.species(), 1f).sub(two.div(exp(x.add(x)).add(1f)));
    }
}
