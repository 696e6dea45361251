package io.stepcast.tools.bench;

import io.stepcast.runtime.spec.Cell;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What serving per key with DL4J would cost, the two ways it could be done: restore one key's state,
 * step, read it back; or gather a batch of keys into one call and scatter the results. The yardstick
 * the inference kernel is measured against (DESIGN.md decision 1).
 */
public final class Dl4jSteps {
    private final MultiLayerNetwork net;
    private final KeyStates keys;
    private final int batch;
    private final float[] batchX;
    private final float[] batchH;
    private final float[] batchC;

    public Dl4jSteps(MultiLayerNetwork net, KeyStates keys, int batch) {
        this.net = net;
        this.keys = keys;
        this.batch = batch;
        this.batchX = new float[batch * keys.shape.inputs()];
        this.batchH = new float[batch * keys.shape.hidden()];
        this.batchC = new float[batch * keys.shape.hidden()];
    }

    /** One event of the next key. */
    public INDArray perEvent() {
        int k = keys.nextKey();
        int hidden = keys.shape.hidden();
        INDArray y = step(keys.x[k], keys.h[k], keys.c[k], 1);
        Map<String, INDArray> after = net.rnnGetPreviousState(0);
        System.arraycopy(after.get("prevAct").toFloatVector(), 0, keys.h[k], 0, hidden);
        if (lstm()) {
            System.arraycopy(after.get("prevMem").toFloatVector(), 0, keys.c[k], 0, hidden);
        }
        return y;
    }

    /** One event each of the next {@code batch} keys, in one call. */
    public INDArray batched() {
        int hidden = keys.shape.hidden();
        int inputs = keys.shape.inputs();
        int[] ks = new int[batch];
        for (int b = 0; b < batch; b++) {
            int k = ks[b] = keys.nextKey();
            System.arraycopy(keys.x[k], 0, batchX, b * inputs, inputs);
            System.arraycopy(keys.h[k], 0, batchH, b * hidden, hidden);
            if (lstm()) {
                System.arraycopy(keys.c[k], 0, batchC, b * hidden, hidden);
            }
        }
        INDArray y = step(batchX, batchH, batchC, batch);
        Map<String, INDArray> after = net.rnnGetPreviousState(0);
        // [batch, hidden], possibly 'f'-ordered: copy to row-major first
        float[] newH = after.get("prevAct").dup('c').data().asFloat();
        float[] newC = lstm() ? after.get("prevMem").dup('c').data().asFloat() : null;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(newH, b * hidden, keys.h[ks[b]], 0, hidden);
            if (lstm()) {
                System.arraycopy(newC, b * hidden, keys.c[ks[b]], 0, hidden);
            }
        }
        return y;
    }

    private INDArray step(float[] x, float[] h, float[] c, int rows) {
        int hidden = keys.shape.hidden();
        Map<String, INDArray> state = new HashMap<>();
        state.put("prevAct", Nd4j.create(h, new long[] {rows, hidden}, 'c'));
        if (lstm()) {
            state.put("prevMem", Nd4j.create(c, new long[] {rows, hidden}, 'c'));
        }
        net.rnnSetPreviousState(0, state);
        return net.rnnTimeStep(Nd4j.create(x, new long[] {rows, keys.shape.inputs(), 1}, 'c'));
    }

    private boolean lstm() {
        return keys.shape.cell() == Cell.LSTM;
    }
}
