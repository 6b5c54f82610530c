package dev.signpost.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The search for valid records after a damaged one, on files no store wrote. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrameScannerTest {

  @TempDir
  Path dir;

  @Test
  void randomBytesHoldNoValidRecord() throws Exception {
    assertThat(survey(random(4 << 20, 1))).isEqualTo(new FrameScanner.Survey(0, true));
  }

  @Test
  void recordsAreFoundAtAnyOffsetPastGarbageAndBetweenDamage() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(random(100_003, 2));
    file.write(frame("{\"a\":1}"));
    file.write(frame("{\"a\":2}"));
    file.write(random(77, 3));
    byte[] damaged = frame("{\"a\":3}");
    damaged[10] ^= 0x01;
    file.write(damaged);
    file.write(frame("{\"a\":4}"));
    file.write(new byte[5000]);

    assertThat(survey(file.toByteArray())).isEqualTo(new FrameScanner.Survey(3, true));
  }

  @Test
  void aRecordWithAGoodChecksumThatIsNotAJsonObjectIsNotCounted() throws Exception {
    // Every change is one JSON object; the braces keep checksummed junk from counting.
    assertThat(survey(frame("not json"))).isEqualTo(new FrameScanner.Survey(0, true));
  }

  @Test
  void garbageMadeOfAlmostValidFramesStopsTheSearchEarlyInsteadOfChecksummingForever() throws Exception {
    // At every 16th byte: a 512 KiB length, '{' after the header and '}' where the payload would end.
    byte[] pattern = {0, 8, 0, 0, 1, 2, 3, '}', '{', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    byte[] file = new byte[4 << 20];
    for (int i = 0; i < file.length; i++) {
      file[i] = pattern[i % pattern.length];
    }
    assertThat(survey(file)).isEqualTo(new FrameScanner.Survey(0, false));
  }

  private FrameScanner.Survey survey(byte[] bytes) throws Exception {
    Path file = dir.resolve("journal.log");
    Files.write(file, bytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return FrameScanner.survey(ch, 0);
    }
  }

  private static byte[] frame(String payload) {
    ByteBuffer frame = RecordFraming.frame(payload.getBytes(StandardCharsets.UTF_8));
    return frame.array();
  }

  private static byte[] random(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
