package io.stepcast.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.stream.Stream;

/**
 * The JVM's peak heap use since {@link #reset}, from the heap pools' own high-water marks, which the
 * JVM keeps at every collection: no sampling can miss a peak. Their sum is an upper bound, as the pools
 * (eden, survivor, old) need not peak at the same moment.
 */
final class HeapPeak {
    private HeapPeak() {}

    static void reset() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long bytes() {
        return heapPools().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static Stream<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP);
    }
}
