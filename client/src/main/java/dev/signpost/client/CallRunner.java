package dev.signpost.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs a {@link Call}: picks an instance, runs the attempt on a call thread with a timeout, judges it by
 * {@link Verdict}, records it (breaker, in-flight count, latency, report, metrics) and, after a transient
 * failure, tries another instance after a jittered exponential backoff while the call's attempts and the
 * client's {@link RetryBudget} allow.
 */
final class CallRunner {

  private final String service;
  private final Supplier<List<ServiceInstance>> instances;
  private final Picker picker;
  private final InstanceBook book;
  private final OutcomeSink outcomes;
  private final ClientMetrics metrics;
  private final RetryBudget budget;
  private final Backoff backoff;
  private final Duration timeout;
  private final ExecutorService executor;
  private final Sleeper sleeper;
  private final Supplier<RandomGenerator> random;
  private final LongSupplier nanoTime;

  /** Where each attempt's outcome goes besides the instance's own book: the reports to the server. */
  interface OutcomeSink {
    OutcomeSink NONE = (id, success, elapsed, status) -> {};

    void report(String instanceId, boolean success, Duration elapsed, int status);

    /** What is queued should go now: an instance's breaker just opened here, and the server should know. */
    default void sendNow() {}
  }

  CallRunner(String service, Supplier<List<ServiceInstance>> instances, Picker picker, InstanceBook book,
      OutcomeSink outcomes, ClientMetrics metrics, RetryBudget budget, Backoff backoff, Duration timeout,
      ExecutorService executor, Sleeper sleeper, Supplier<RandomGenerator> random, LongSupplier nanoTime) {
    this.service = service;
    this.instances = instances;
    this.picker = picker;
    this.book = book;
    this.outcomes = outcomes;
    this.metrics = metrics;
    this.budget = budget;
    this.backoff = backoff;
    this.timeout = timeout;
    this.executor = executor;
    this.sleeper = sleeper;
    this.random = random;
    this.nanoTime = nanoTime;
  }

  <T> T call(Call<T> call, int maxAttempts) {
    budget.called();
    List<Throwable> earlier = new ArrayList<>();
    Set<String> tried = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      ServiceInstance instance;
      try {
        instance = picker.pick(service, instances.get(), tried, attempt - 1);
      } catch (NoInstanceException e) {
        earlier.forEach(e::addSuppressed);
        throw e;
      }
      tried.add(instance.id());
      Attempt<T> result = attempt(call, instance, attempt);
      boolean again = result.verdict().transientFailure() && attempt < maxAttempts;
      if (again && !budget.tryRetry()) {
        metrics.retryRefused(service);
        again = false;
      }
      if (!again) {
        if (result.error() == null) {
          return result.value();
        }
        CallException failed = new CallException("call to service " + service + " failed on attempt " + attempt
            + " (instance " + instance.id() + " at " + instance.hostPort() + "): " + result.error(), result.error(),
            attempt);
        earlier.forEach(failed::addSuppressed);
        throw failed;
      }
      if (result.error() != null) {
        earlier.add(result.error());
      }
      metrics.retry(service);
      try {
        sleeper.sleep(backoff.delay(attempt, random.get()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallException("call to service " + service + " interrupted", e, attempt);
      }
    }
  }

  /** One attempt on {@code instance}, recorded everywhere it counts. */
  private <T> Attempt<T> attempt(Call<T> call, ServiceInstance instance, int attempt) {
    String id = instance.id();
    long start = nanoTime.getAsLong();
    book.started(id);
    T value = null;
    Throwable error = null;
    Future<T> future = null;
    try {
      future = executor.submit(() -> call.call(instance));
      value = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      error = e.getCause() != null ? e.getCause() : e;
    } catch (TimeoutException e) {
      future.cancel(true);
      error = new TimeoutException("attempt took longer than " + timeout.toMillis() + " ms");
    } catch (RejectedExecutionException e) {
      book.abandoned(id);
      throw new IllegalStateException("the Signpost client of service " + service + " is closed", e);
    } catch (InterruptedException e) {
      // The caller gave up, not the instance: nothing to hold against it.
      future.cancel(true);
      book.abandoned(id);
      Thread.currentThread().interrupt();
      throw new CallException("call to service " + service + " interrupted", e, attempt);
    }
    Duration elapsed = Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - start));
    Verdict verdict = error == null ? Verdict.ofResult(value) : Verdict.ofError(error);
    boolean opened = book.finished(id, verdict.success(), elapsed);
    outcomes.report(id, verdict.success(), elapsed, verdict.status());
    if (opened) {
      metrics.breakerOpened(service);
      outcomes.sendNow();
    }
    metrics.attempt(service, verdict.success(), elapsed);
    return new Attempt<>(value, error, verdict);
  }

  private record Attempt<T>(T value, Throwable error, Verdict verdict) {}
}
