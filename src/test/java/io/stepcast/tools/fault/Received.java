package io.stepcast.tools.fault;

/**
 * A prediction as a downstream consumer reads it: record key, the key's step, the JSON payload as
 * written (doubles in their shortest round-trip text, so equal text means equal bits), and when it
 * arrived (System.nanoTime; 0 for a reference that never travelled).
 */
public record Received(String key, long step, String json, long nanos) {}
