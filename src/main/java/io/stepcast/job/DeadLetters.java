package io.stepcast.job;

import io.stepcast.io.DeadLetter;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side output every stage of the job sends unusable records to. */
public final class DeadLetters {
    public static final OutputTag<DeadLetter> TAG = 
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private DeadLetters() {}
}
