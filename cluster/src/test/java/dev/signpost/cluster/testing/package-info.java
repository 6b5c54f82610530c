/**
 * Real etcd for tests: {@link dev.signpost.cluster.testing.EtcdProcess} is one member as a child process on
 * loopback, {@link dev.signpost.cluster.testing.EtcdCluster} is several started together, and
 * {@link dev.signpost.cluster.testing.EtcdSupport#requireEtcd()} skips a test where etcd is not installed. Public
 * because {@code dns-server}'s tests use it too, through the cluster module's test-jar.
 *
 * <p>Every member listens on 127.0.0.1 on ports picked free at start, keeps its data and its log in its own
 * directory, and is killed when the test closes it (or, as a last resort, when the JVM exits). Every wait is
 * bounded; a member that does not become healthy fails the test with the tail of its log.
 *
 * <p>Threading: not thread-safe; one test drives one harness. Depends on JUnit (for skipping), Awaitility (for
 * waiting) and jetcd (for compaction and leader lookup).
 */
package dev.signpost.cluster.testing;
