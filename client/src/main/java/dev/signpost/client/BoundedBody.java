package dev.signpost.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: past it the read stops and the request fails with an
 * {@link IOException} saying so. The JDK's {@code ofByteArray} holds whatever a server sends, so a broken
 * proxy or a hostile server could fill the heap of every service using the client.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  private final long max;
  private final ByteArrayOutputStream read = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(long max) {
    this.max = max;
  }

  /** A handler reading at most {@code max} bytes of each body. */
  static HttpResponse.BodyHandler<byte[]> atMost(long max) {
    return info -> new BoundedBody(max);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return; // cancelled already; buffers in flight are dropped
    }
    for (ByteBuffer b : buffers) {
      if (read.size() + (long) b.remaining() > max) {
        subscription.cancel();
        body.completeExceptionally(new IOException("the answer is longer than " + max + " bytes"));
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      read.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(read.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }
}
