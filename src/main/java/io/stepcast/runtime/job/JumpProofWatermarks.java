package io.stepcast.runtime.job;

import io.stepcast.runtime.event.Event;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Flink's bounded out-of-orderness watermarks, except that an event jumping further ahead of the
 * newest time seen than {@code input.maxTimeJump} allows (by the rule {@link TimeJumps} applies to a
 * key, measured here from the newest event) does not move them. Otherwise one wild time, which the
 * predictor then refuses for its key, would put the watermark past every other key's next events and
 * make them all late. The first event after a (re)start sets the reference, as for any generator.
 */
final class JumpProofWatermarks implements WatermarkGenerator<Event> {
    private final long outOfOrdernessMs;
    private final TimeJumps timeJumps;
    private long newestTs = Long.MIN_VALUE;
    private long newestRecordTs;

    JumpProofWatermarks(Duration outOfOrderness, TimeJumps timeJumps) {
        this.outOfOrdernessMs = outOfOrderness.toMillis();
        this.timeJumps = timeJumps;
    }

    @Override
    public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
        if (event.ts <= newestTs || (newestTs != Long.MIN_VALUE && timeJumps.jumps(newestTs, newestRecordTs, event))) {
            return;
        }
        newestTs = event.ts;
        newestRecordTs = event.recordTs;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (newestTs != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(newestTs - outOfOrdernessMs - 1));
        }
    }
}
