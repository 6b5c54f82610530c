/**
 * Fakes for other modules' tests, published in core's test-jar: {@link dev.signpost.core.testing.ManualTime},
 * the {@link dev.signpost.core.TimeSource} a test moves by hand. Only what every module's tests share lives
 * here; a fake one package needs stays beside that package's tests.
 *
 * <p>Depends on core's main code only.
 */
package dev.signpost.core.testing;
