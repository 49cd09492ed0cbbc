package io.memkube.proxy.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One spool file: records appended in order, fsynced by the writer before their clients are
 * answered. Files are numbered by one sequence for the whole spool, so "oldest" is comparable
 * across servers when the size bound drops one.
 */
final class SpoolSegment {
  final long seq;
  final Path path;
  final ServerSpool owner;
  private FileChannel channel;
  private long bytes;
  private int records;

  private SpoolSegment(long seq, Path path, ServerSpool owner, long bytes, int records) {
    this.seq = seq;
    this.path = path;
    this.owner = owner;
    this.bytes = bytes;
    this.records = records;
  }

  static String fileName(long seq) {
    return String.format("%020d.spool", seq);
  }

  static SpoolSegment create(long seq, Path dir, ServerSpool owner) {
    return new SpoolSegment(seq, dir.resolve(fileName(seq)), owner, 0, 0);
  }

  /**
   * A segment found on disk at start: a tail cut short by a crash (bytes after the last newline) is
   * truncated away, as its client was never answered.
   */
  static SpoolSegment recover(long seq, Path path, ServerSpool owner) throws IOException {
    byte[] data = Files.readAllBytes(path);
    int end = data.length;
    while (end > 0 && data[end - 1] != '\n') {
      end--;
    }
    if (end != data.length) {
      try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
        c.truncate(end);
        c.force(true);
      }
    }
    int lines = 0;
    for (int i = 0; i < end; i++) {
      if (data[i] == '\n') {
        lines++;
      }
    }
    return new SpoolSegment(seq, path, owner, end, lines);
  }

  long bytes() {
    return bytes;
  }

  int records() {
    return records;
  }

  void append(byte[] line) throws IOException {
    if (channel == null) {
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    ByteBuffer b = ByteBuffer.wrap(line);
    while (b.hasRemaining()) {
      channel.write(b);
    }
    bytes += line.length;
    records++;
  }

  /** Makes every append so far durable (data only: the size is part of it on Linux ext4/xfs). */
  void sync() throws IOException {
    if (channel != null) {
      channel.force(false);
    }
  }

  /**
   * Up to {@code max} lines from line {@code skip} on, within the first {@code upTo} bytes (the
   * size when the caller looked, so a concurrent append is not half read).
   */
  Batch read(int skip, long upTo, int max) throws IOException {
    byte[] data;
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
      data = new byte[(int) Math.min(upTo, c.size())];
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining() && c.read(b) >= 0) {
        // until full: a file channel reads what is there
      }
    }
    List<SpoolRecord> out = new ArrayList<>();
    int line = 0;
    int lines = 0;
    int start = 0;
    for (int i = 0; i < data.length && lines < max; i++) {
      if (data[i] == '\n') {
        if (line++ >= skip) {
          lines++;
          SpoolRecord r = SpoolRecord.parse(data, start, i);
          if (r != null) {
            out.add(r);
          }
        }
        start = i + 1;
      }
    }
    return new Batch(out, lines);
  }

  /**
   * Records read back, and how many lines they took (a damaged line counts as taken, so that it is
   * not read again forever).
   */
  record Batch(List<SpoolRecord> records, int lines) {}

  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
