/**
 * The client's metrics in Micrometer: {@link dev.signpost.client.micrometer.MicrometerClientMetrics}. The only
 * package of the client that names Micrometer, which is an optional dependency: nothing else loads this
 * package, so an application without Micrometer never needs it.
 */
package dev.signpost.client.micrometer;
