package io.stepcast.runtime.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks for the model announcements: the predictor's event time is the minimum of its two
 * inputs' watermarks, and announcements carry no event time, so this side declares "no more data
 * behind any time" at once and event time is driven by the events alone.
 */
final class NeverHoldsBackWatermarks<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
}
