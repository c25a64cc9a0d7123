package io.berth.runtime;

/**
 * A running container's resource usage at one instant, for {@code docker stats}: memory in bytes
 * (limit is the cgroup's, or the host's when unlimited), CPU time in nanoseconds, task count.
 */
public record Stats(long memoryUsage, long memoryLimit, long cpuUsageNanos, long pids) {}
