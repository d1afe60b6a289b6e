/** The blue/green state machine; not part of the public API. */
package dev.rollout.core.internal.bluegreen;
