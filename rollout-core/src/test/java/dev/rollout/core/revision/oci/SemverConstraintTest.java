package dev.rollout.core.revision.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SemverConstraintTest {

    @ParameterizedTest(name = "''{0}'' vs {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        // equality, explicit and implied; a partial version is a tilde range
        "=2.0.0; 2.0.0; true",
        "=2.0.0; 2.0.1; false",
        "2.0.0; 2.0.0; true",
        "= 2.0; 2.0.9; true",
        "=2.0; 2.1.0; false",
        "4.1; 4.1.0; true",
        "2; 2.9.9; true",
        "2; 3.0.0; false",
        // not equal, exact and wildcard
        "!=4.1.0; 4.1.0; false",
        "!=4.1.0; 4.1.1; true",
        "!=4.1; 4.1.7; false",
        "!=4.1; 5.1.0; true",
        "!=4.x; 4.1.0; false",
        "!=4.x; 5.1.0; true",
        // greater / less, with partial versions as Masterminds reads them
        ">1.2.3; 1.2.4; true",
        ">1.2.3; 1.2.3; false",
        ">1.1; 1.1.9; false",
        ">1.1; 1.2.0; true",
        ">11; 11.9.0; false",
        ">11; 12.0.0; true",
        ">=1.1; 1.1.0; true",
        ">=1.1; 1.0.9; false",
        "=>1.1; 1.1.0; true",
        "<1.1; 1.0.99; true",
        "<1.1; 1.1.0; false",
        "<=1.1; 1.1.9; true",
        "<=1.1; 1.2.0; false",
        "=<1.1; 1.1.0; true",
        "<=2.x; 2.99.0; true",
        "<=2.x; 3.0.0; false",
        // tilde
        "~1.2.3; 1.2.9; true",
        "~1.2.3; 1.2.2; false",
        "~1.2.3; 1.3.0; false",
        "~1.2; 1.2.0; true",
        "~1.2; 1.3.0; false",
        "~1; 1.9.0; true",
        "~1; 2.0.0; false",
        "~>1.2; 1.2.5; true",
        "~0.2.3; 0.2.5; true",
        "~0.2.3; 0.3.0; false",
        "~0; 0.9.0; true",
        "~0; 1.0.0; false",
        "~*; 7.1.1; true",
        // caret, with the 0.x rules
        "^1.2.3; 1.9.9; true",
        "^1.2.3; 1.2.2; false",
        "^1.2.3; 2.0.0; false",
        "^1.2; 1.2.0; true",
        "^1.x; 1.0.0; true",
        "^1.x; 2.0.0; false",
        "^0.2.3; 0.2.9; true",
        "^0.2.3; 0.3.0; false",
        "^0.2; 0.2.0; true",
        "^0.2; 0.3.0; false",
        "^0.0.3; 0.0.3; true",
        "^0.0.3; 0.0.4; false",
        "^0.0; 0.0.9; true",
        "^0.0; 0.1.0; false",
        "^0; 0.9.0; true",
        "^0; 1.0.0; false",
        "^0.0.0; 0.0.1; false",
        "^*; 3.0.0; true",
        // x-ranges and any
        "1.2.x; 1.2.0; true",
        "1.2.x; 1.3.0; false",
        "1.2.*; 1.2.7; true",
        "1.X; 1.9.0; true",
        "1.x; 2.0.0; false",
        "*; 0.0.0; true",
        "*; 99.1.2; true",
        "x; 3.4.5; true",
        // hyphen ranges; a partial upper bound includes its whole range
        "1.2 - 1.4.5; 1.2.0; true",
        "1.2 - 1.4.5; 1.4.5; true",
        "1.2 - 1.4.5; 1.4.6; false",
        "1.2 - 1.4.5; 1.1.9; false",
        "2.3.4 - 4.5; 4.5.9; true",
        "2.3.4 - 4.5; 4.6.0; false",
        "1.0.0 - 2.0.0 <=1.5.0; 1.6.0; false",
        // AND by space or comma, OR by ||
        ">=1.1 <2 !=1.2.3; 1.2.3; false",
        ">=1.1 <2 !=1.2.3; 1.2.4; true",
        ">=1.1, <2, !=1.2.3; 1.9.0; true",
        ">= 1.1 <2 !=1.2.3 || > 3; 4.1.2; true",
        ">= 1.1 <2 !=1.2.3 || > 3; 3.1.2; false",
        ">=1.1 <2 || >=3.0; 3.0.0; true",
        "^1.2 || ^2.1; 2.0.0; false",
        "^1.2 || ^2.1; 2.1.3; true",
        // prereleases only where the group itself names one (Masterminds' rule)
        "*; 1.2.3-alpha.1; false",
        "*-0; 1.2.3-alpha.1; true",
        ">=1.1; 4.1.0-beta; false",
        ">=1.2.3-0; 1.2.3-beta; true",
        ">=1.2.3-0; 2.0.0-rc.1; true",
        "^1.2.0; 1.2.1-alpha.1; false",
        "^1.2.0-alpha.0; 1.2.1-alpha.1; true",
        "^1.2.0-alpha.2; 1.2.0-alpha.1; false",
        "~1.2.3-beta.2; 1.2.3-beta.4; true",
        "~1.1.1-beta; 1.1.1-alpha; false",
        ">= 1.0.0 <= 2.0.0-beta; 1.0.1-beta; true",
        ">= 1.0.0 <= 2.0.0-beta || > 3; 3.0.1-beta; false",
        "!=4.1-alpha; 4.1.0; true",
        "!=4.1-alpha; 4.1.0-alpha; false",
        // build metadata plays no part
        "=1.2.3+a; 1.2.3+b; true",
        "v1.2.3; v1.2.3; true",
        // a hyphen without spaces is a prerelease, not a range
        "1.1-3; 4.3.2; false",
    })
    void check(String constraint, String version, boolean expected) {
        assertThat(SemverConstraint.parse(constraint).matches(Semver.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = ';', value = {
        "'';1;the constraint is empty",
        "'   ';4;the constraint is empty",
        ">=;3;expected a version",
        "1.2 ||;7;expected a comparator",
        "|| 1.2;1;expected a comparator",
        ">=1.2,;7;expected a comparator after ','",
        ">>1.2;2;expected a version",
        "=~1.2;2;expected a version",
        "abc;1;expected a version",
        "1.2.3.4;6;unexpected '.'",
        "1.x.3;5;a number cannot follow a wildcard",
        ">=1 - 2;1;an operator cannot precede a hyphen range",
        "1.2 -;5;expected a version",
        "1.2 | 1.3;5;a single '|'; OR is written '||'",
        "1.2.3-;7;prerelease '' has an empty identifier",
        "1.2.3-01;7;leading zero",
        "1.2.3-a..b;7;empty identifier",
        "^1.2.3 @;8;expected a version",
        "1.2.;4;unexpected '.'",
    })
    void invalidConstraintsNameTheConstraintAndPosition(String constraint, int position, String problem) {
        assertThatThrownBy(() -> SemverConstraint.parse(constraint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid semver constraint '" + constraint + "' at position " + position)
                .hasMessageContaining(problem);
    }
}
