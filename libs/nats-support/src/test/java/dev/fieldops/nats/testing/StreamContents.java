package dev.fieldops.nats.testing;

import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a stream holds, read in order: what subscribers would see. */
public final class StreamContents {

  /** One stored message. */
  public record StoredMessage(long seq, String subject, Map<String, String> headers, byte[] data) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private StreamContents() {}

  public static long count(Connection connection, String stream) throws Exception {
    return connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
  }

  public static List<StoredMessage> read(Connection connection, String stream) throws Exception {
    long expected = count(connection, stream);
    List<StoredMessage> messages = new ArrayList<>();
    if (expected == 0) {
      return messages;
    }
    IterableConsumer consumer =
        connection
            .getStreamContext(stream)
            .createOrderedConsumer(new OrderedConsumerConfiguration())
            .iterate();
    try {
      while (messages.size() < expected) {
        Message m = consumer.nextMessage(Duration.ofSeconds(5));
        if (m == null) {
          throw new AssertionError(
              "stream "
                  + stream
                  + " should hold "
                  + expected
                  + " messages, read "
                  + messages.size());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.getHeaders() != null) {
          for (String key : m.getHeaders().keySet()) {
            headers.put(key, m.getHeaders().getFirst(key));
          }
        }
        messages.add(
            new StoredMessage(m.metaData().streamSequence(), m.getSubject(), headers, m.getData()));
      }
    } finally {
      consumer.stop();
      consumer.close();
    }
    // In stream order whatever the reading consumer did (an ordered consumer that resets under
    // load may hand over a message late): the order under test is the stream's.
    messages.sort(java.util.Comparator.comparingLong(StoredMessage::seq));
    return messages;
  }
}
