package dev.rollout.api.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.rollout.api.RolloutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public-API rules every library module's tests apply to its own main classes: no
 * {@code ..internal..} type in a public signature, {@link RolloutException} as the root of the
 * library's exceptions, and no cycle between packages. Shared through rollout-api's test-jar, so there is one definition.
 */
public final class PublicApiRules {

    private PublicApiRules() {
    }

    /** The main (not test) classes under {@code rootPackage}, for example {@code dev.rollout.core}. */
    public static JavaClasses mainClasses(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        assertThat(classes).as("classes under " + rootPackage).isNotEmpty();
        return classes;
    }

    /**
     * Every place a caller outside {@code ..internal..} packages could meet an internal type, or a
     * type of ours it cannot name (package-private or private, such as an implementation kept
     * beside its public package): the
     * supertypes of a public class, and the types (generic arguments included) of its public and
     * protected fields, constructors and methods: parameters, returns and {@code throws}. Empty
     * when the rule holds.
     */
    public static List<String> internalTypesInPublicSignatures(JavaClasses classes) {
        List<String> violations = new ArrayList<>();
        for (JavaClass type : classes) {
            if (isInternal(type) || !isEffectivelyPublic(type)) {
                continue;
            }
            type.getSuperclass().ifPresent(s -> check(type.getName() + " extends", s, violations));
            for (JavaType anInterface : type.getInterfaces()) {
                check(type.getName() + " implements", anInterface, violations);
            }
            for (JavaMember member : type.getMembers()) {
                if (!isVisible(member)) {
                    continue;
                }
                if (member instanceof JavaField field) {
                    check(field.getFullName(), field.getType(), violations);
                } else if (member instanceof JavaCodeUnit code) {
                    check(code.getFullName() + " returns", code.getReturnType(), violations);
                    for (JavaType parameter : code.getParameterTypes()) {
                        check(code.getFullName() + " takes", parameter, violations);
                    }
                    for (JavaClass thrown : code.getThrowsClause().getTypes()) {
                        check(code.getFullName() + " throws", thrown, violations);
                    }
                }
            }
        }
        return violations;
    }

    /**
     * The cycles between the packages of {@code classes}, each package under {@code dev.rollout.}
     * its own slice ({@code dev.rollout.core} and a {@code dev.rollout.core.internal} would be two),
     * described with the dependencies that close each cycle. Empty when the packages form a
     * directed acyclic graph, which is the rule: a package may use another only if that one does
     * not use it back, directly or through others. A public package keeps the implementation it
     * hides package-private beside it rather than in an {@code internal} package that would have
     * to speak its types back.
     */
    public static List<String> packageCycles(JavaClasses classes) {
        EvaluationResult result = SlicesRuleDefinition.slices()
                .matching("dev.rollout.(**)")
                .should().beFreeOfCycles()
                .allowEmptyShould(true)
                .evaluate(classes);
        return List.copyOf(result.getFailureReport().getDetails());
    }

    /**
     * The library's own exception types (every main class that is a {@link Throwable}), by name,
     * split into those under {@link RolloutException} and the rest; the rest must be private or
     * package-private carriers that never reach a caller.
     */
    public static Exceptions exceptions(JavaClasses classes) {
        Set<String> rooted = new TreeSet<>();
        Set<String> other = new TreeSet<>();
        for (JavaClass type : classes) {
            if (!type.isAssignableTo(Throwable.class)) {
                continue;
            }
            (type.isAssignableTo(RolloutException.class) ? rooted : other).add(type.getName());
        }
        Set<String> otherVisible = classes.stream()
                .filter(c -> other.contains(c.getName()) && isEffectivelyPublic(c))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        return new Exceptions(rooted, other, otherVisible);
    }

    /**
     * A module's exceptions.
     *
     * @param rooted subclasses of {@link RolloutException}
     * @param other every other throwable
     * @param otherPublic those of {@code other} a caller can name (must be empty)
     */
    public record Exceptions(Set<String> rooted, Set<String> other, Set<String> otherPublic) {
    }

    private static void check(String where, JavaType type, List<String> violations) {
        for (JavaClass involved : type.getAllInvolvedRawTypes()) {
            JavaClass base = involved.isArray() ? involved.getBaseComponentType() : involved;
            if (isInternal(involved) || ours(base) && !isEffectivelyPublic(base)) {
                violations.add(where + " " + involved.getName());
            }
        }
    }

    private static boolean isInternal(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        String pkg = base.getPackageName();
        return pkg.startsWith("dev.rollout.")
                && (pkg.endsWith(".internal") || pkg.contains(".internal."));
    }

    private static boolean ours(JavaClass type) {
        return type.getPackageName().startsWith("dev.rollout.");
    }

    private static boolean isEffectivelyPublic(JavaClass type) {
        if (!type.getModifiers().contains(JavaModifier.PUBLIC) || type.isAnonymousClass()
                || type.isLocalClass()) {
            return false;
        }
        return type.getEnclosingClass().map(PublicApiRules::isEffectivelyPublic).orElse(true);
    }

    private static boolean isVisible(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        if (modifiers.contains(JavaModifier.SYNTHETIC) || modifiers.contains(JavaModifier.BRIDGE)) {
            return false;
        }
        boolean subclassable = !member.getOwner().getModifiers().contains(JavaModifier.FINAL);
        return modifiers.contains(JavaModifier.PUBLIC)
                || (subclassable && modifiers.contains(JavaModifier.PROTECTED));
    }
}
