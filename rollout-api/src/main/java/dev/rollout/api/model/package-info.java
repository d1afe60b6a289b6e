/**
 * The rollout model: specs, strategies, steps and status, as immutable records.
 *
 * <p>Collections: every list and map a record holds is an unmodifiable copy made by its
 * constructor, so a caller's later change to the collection it passed never shows, and a
 * collection a record returns refuses changes. Flat collections of model values
 * ({@code List.copyOf}, {@code Map.copyOf}) reject null elements, keys and values with a
 * {@link java.lang.NullPointerException}; a collection a record documents as optional (labels,
 * attributes, args, details) may be passed as null and reads as empty. YAML-shaped trees (a
 * provider block, router or custom-step config, measurement details: {@code Map<String, Object>})
 * are copied deeply, keep the order they were written in, and keep null values (YAML's
 * {@code ~}), since those are what the user wrote. Wide records have a {@code builder()}: new
 * fields are added there without breaking callers, so prefer it to the canonical constructor.
 */
package dev.rollout.api.model;
