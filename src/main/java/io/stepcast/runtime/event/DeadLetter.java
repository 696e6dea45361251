package io.stepcast.runtime.event;

import java.util.Objects;

/**
 * A record that could not be used, with the reason and the payload as received, so it can be
 * inspected and replayed. A Flink POJO.
 */
public class DeadLetter {
    public String reason;
    public String detail;
    public String payload;

    public DeadLetter() {}

    public DeadLetter(DeadLetterReason reason, String detail, String payload) {
        this.reason = reason.code();
        this.detail = detail;
        this.payload = payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Objects.equals(reason, d.reason)
                && Objects.equals(detail, d.detail)
                && Objects.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail, payload);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + reason + ": " + detail + "}";
    }
}
