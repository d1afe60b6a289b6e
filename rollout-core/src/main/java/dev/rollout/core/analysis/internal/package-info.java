/** The analysis run's state machine and the checks shared by loading and run start; not API. */
package dev.rollout.core.analysis.internal;
