package io.github.cameliotanalytics.emulator;

import java.time.Duration;

/**
 * What the emulator does with one BatchPutMessage call.
 *
 * @param fault the fault to inject, {@link Fault#OK} for none
 * @param delay how long to wait before acting on the call
 */
record CallPlan(Fault fault, Duration delay) {

    static final CallPlan NORMAL = new CallPlan(Fault.OK, Duration.ZERO);
}
