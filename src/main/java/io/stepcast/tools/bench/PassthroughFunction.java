package io.stepcast.tools.bench;

import io.stepcast.runtime.event.Event;
import io.stepcast.runtime.event.Prediction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The predictor without the model: reads and writes a per-key float array of the predictor's state
 * size and emits the observation. The benchmark's yardstick for what keyed state and the rest of the
 * topology cost by themselves.
 */
public final class PassthroughFunction extends KeyedProcessFunction<String, Event, Prediction> {
    private final int stateFloats;
    private transient ValueState<float[]> state;

    public PassthroughFunction(int stateFloats) {
        this.stateFloats = stateFloats;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "passthrough", PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Prediction> out) throws Exception {
        float[] s = state.value();
        if (s == null) {
            s = new float[stateFloats];
        }
        s[0] += (float) event.values[0];
        state.update(s);
        Prediction p = new Prediction();
        p.key = event.key;
        p.ts = event.ts;
        p.observed = event.values;
        out.collect(p);
    }
}
