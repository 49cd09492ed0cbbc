package io.memkube.protocol.metrics;

import io.memkube.protocol.metrics.MetricFamilies.Type;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's and the JVM's figures, under the names the Prometheus Java client gives them
 * ({@code process_*}, {@code jvm_*}), so that JVM dashboards work; plus the direct memory Netty
 * allocates without the JDK's accounting ({@code memkube_netty_direct_memory_bytes}), where the
 * cache server keeps its items.
 */
public final class JvmMetrics {
  private JvmMetrics() {}

  public static void writeTo(MetricFamilies out) {
    process(out);
    var mem = ManagementFactory.getMemoryMXBean();
    memory(out, "heap", mem.getHeapMemoryUsage());
    memory(out, "nonheap", mem.getNonHeapMemoryUsage());
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      out.add(
          "jvm_buffer_pool_used_bytes",
          Type.GAUGE,
          "Bytes used by the JVM's buffer pool.",
          pool.getMemoryUsed(),
          "pool",
          pool.getName());
      out.add(
          "jvm_buffer_pool_capacity_bytes",
          Type.GAUGE,
          "Bytes of capacity of the JVM's buffer pool.",
          pool.getTotalCapacity(),
          "pool",
          pool.getName());
      out.add(
          "jvm_buffer_pool_used_buffers",
          Type.GAUGE,
          "Buffers in the JVM's buffer pool.",
          pool.getCount(),
          "pool",
          pool.getName());
    }
    out.add(
        "memkube_netty_direct_memory_bytes",
        Type.GAUGE,
        "Direct memory Netty has allocated outside the JDK's buffer pools (item pages, index,"
            + " connection buffers); -1 when Netty does not count it.",
        PlatformDependent.usedDirectMemory());
    out.add(
        "memkube_netty_direct_memory_max_bytes",
        Type.GAUGE,
        "The direct memory limit Netty works with (-XX:MaxDirectMemorySize).",
        PlatformDependent.maxDirectMemory());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String help = "Time spent in a given JVM garbage collector in seconds.";
      out.addSample(
          "jvm_gc_collection_seconds",
          Type.SUMMARY,
          help,
          "jvm_gc_collection_seconds_count",
          gc.getCollectionCount(),
          "gc",
          gc.getName());
      out.addSample(
          "jvm_gc_collection_seconds",
          Type.SUMMARY,
          help,
          "jvm_gc_collection_seconds_sum",
          gc.getCollectionTime() / 1000.0,
          "gc",
          gc.getName());
    }
    GcPauseHistogram.installed().writeTo(out);
    var threads = ManagementFactory.getThreadMXBean();
    out.add("jvm_threads_current", Type.GAUGE, "Current thread count.", threads.getThreadCount());
    out.add("jvm_threads_peak", Type.GAUGE, "Peak thread count.", threads.getPeakThreadCount());
  }

  private static void memory(MetricFamilies out, String area, MemoryUsage u) {
    out.add(
        "jvm_memory_used_bytes",
        Type.GAUGE,
        "Used bytes of a memory area.",
        u.getUsed(),
        "area",
        area);
    out.add(
        "jvm_memory_committed_bytes",
        Type.GAUGE,
        "Committed bytes of a memory area.",
        u.getCommitted(),
        "area",
        area);
    out.add(
        "jvm_memory_max_bytes",
        Type.GAUGE,
        "Maximum bytes of a memory area (-1: no limit).",
        u.getMax(),
        "area",
        area);
  }

  private static void process(MetricFamilies out) {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      out.add(
          "process_cpu_seconds_total",
          Type.COUNTER,
          "Total user and system CPU time spent in seconds.",
          sun.getProcessCpuTime() / 1e9);
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      out.add(
          "process_open_fds",
          Type.GAUGE,
          "Number of open file descriptors.",
          unix.getOpenFileDescriptorCount());
      out.add(
          "process_max_fds",
          Type.GAUGE,
          "Maximum number of open file descriptors.",
          unix.getMaxFileDescriptorCount());
    }
    out.add(
        "process_start_time_seconds",
        Type.GAUGE,
        "Start time of the process since unix epoch in seconds.",
        ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    long rss = procStatusBytes("VmRSS:");
    if (rss >= 0) {
      out.add("process_resident_memory_bytes", Type.GAUGE, "Resident memory size in bytes.", rss);
    }
    long vsz = procStatusBytes("VmSize:");
    if (vsz >= 0) {
      out.add("process_virtual_memory_bytes", Type.GAUGE, "Virtual memory size in bytes.", vsz);
    }
  }

  /** A {@code kB} line of {@code /proc/self/status} in bytes, or -1 (not Linux). */
  private static long procStatusBytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
