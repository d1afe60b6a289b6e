package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Optional;

/**
 * Writes an {@link Optional} as its value or {@code null}, so the records of this package print
 * cleanly with a plain {@code ObjectMapper} (no jdk8 module needed).
 */
final class OptionalValueSerializer extends StdSerializer<Optional<?>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    OptionalValueSerializer() {
        super((Class) Optional.class);
    }

    @Override
    public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider)
            throws IOException {
        if (value.isPresent()) {
            provider.defaultSerializeValue(value.get(), gen);
        } else {
            gen.writeNull();
        }
    }
}
