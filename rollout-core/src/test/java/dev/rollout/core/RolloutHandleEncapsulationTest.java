package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.RolloutPhase;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a caller receives from the engine is a handle, not the engine's state machine: it cannot be
 * cast to an internal class, and its only public methods are those of {@link RolloutHandle}.
 */
class RolloutHandleEncapsulationTest {
    private final EngineFixture fx = new EngineFixture();

    @Test
    void everyWayOfGettingAHandleGivesAFinalPublicPackageWrapperWithNoExtraMethods() {
        RolloutEngine engine = fx.engine();
        RolloutHandle started = engine.start(EngineFixture.canary(new CanaryStep.SetWeight(20),
                CanaryStep.Pause.indefinite()), "local", EngineFixture.V2);
        RolloutHandle found = engine.rollout(started.id()).orElseThrow();

        fx.run();
        engine.close();
        RolloutEngine resumedEngine = fx.builder().build();
        List<RolloutHandle> resumed = resumedEngine.resumeAll();

        assertThat(resumed).hasSize(1);
        for (RolloutHandle handle : List.of(started, found, resumed.get(0))) {
            Class<?> type = handle.getClass();
            assertThat(type.getPackageName()).isEqualTo("dev.rollout.core").doesNotContain("internal");
            assertThat(Modifier.isFinal(type.getModifiers())).isTrue();
            assertThat(Modifier.isPublic(type.getModifiers())).as("callers cannot name it").isFalse();
            assertThat(publicMethods(type)).isEqualTo(publicMethods(RolloutHandle.class));
        }
        assertThat(found).isEqualTo(started).hasSameHashCodeAs(started);
        resumedEngine.close();
    }

    @Test
    void theWrapperStillActsOnTheRollout() {
        RolloutEngine engine = fx.engine();
        RolloutHandle handle = engine.start(EngineFixture.canary(new CanaryStep.SetWeight(20),
                CanaryStep.Pause.indefinite()), "local", EngineFixture.V2);
        fx.run();
        assertThat(handle.status().phase()).isEqualTo(RolloutPhase.Paused);

        assertThat(handle.promote().pauseConditions()).isEmpty();
        fx.run();

        assertThat(handle.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(handle.completion().toCompletableFuture()).isCompleted();
        engine.close();
    }

    private static Set<String> publicMethods(Class<?> type) {
        Set<String> objectMethods = Arrays.stream(Object.class.getMethods())
                .map(RolloutHandleEncapsulationTest::signature).collect(Collectors.toSet());
        return Arrays.stream(type.getMethods()).map(RolloutHandleEncapsulationTest::signature)
                .filter(m -> !objectMethods.contains(m)).collect(Collectors.toSet());
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }
}
