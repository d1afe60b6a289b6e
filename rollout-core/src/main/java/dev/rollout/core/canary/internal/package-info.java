/** The canary state machine; not part of the public API. */
package dev.rollout.core.canary.internal;
