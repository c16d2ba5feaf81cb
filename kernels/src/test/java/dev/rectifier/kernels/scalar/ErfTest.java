package dev.rectifier.kernels.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The double erf against 25-digit values (mpmath 1.3, 40-digit working precision). */
class ErfTest {
    @ParameterizedTest(name = "erf({0})")
    @CsvSource({
        "1e-300, 1.128379167095512573896159e-300",
        "1e-20, 1.128379167095512573896159e-20",
        "1e-8, 1.12837916709551253628352e-8",
        "0.1, 0.1124629160182848922032751",
        "0.25, 0.2763263901682369329850683",
        "0.46875, 0.4926134732179379915881761",
        "0.4687500000000001, 0.4926134732179380821674898",
        "0.5, 0.5204998778130465376827467",
        "0.75, 0.7111556336535151315989378",
        "1, 0.8427007929497148693412206",
        "1.5, 0.9661051464753107270669763",
        "2, 0.9953222650189527341620693",
        "2.5, 0.9995930479825550410604358",
        "3, 0.9999779095030014145586272",
        "3.5, 0.9999992569016276585872545",
        "4, 0.9999999845827420997199811",
        "4.5, 0.9999999998033839558457113",
        "5, 0.999999999998462540205572",
        "5.5, 0.999999999999992642152082",
        "5.9, 0.9999999999999999280959022",
        "6, 0.9999999999999999784802633",
        "-0.5, -0.5204998778130465376827467",
        "-3, -0.9999779095030014145586272",
    })
    void matchesHighPrecisionValues(double x, String expected) {
        double e = Double.parseDouble(expected);
        assertThat(Erf.erf(x)).as("erf(%s)", x).isCloseTo(e, within(Math.abs(e) * 1e-15 + Double.MIN_VALUE));
    }

    @Test
    void edgeCases() {
        assertThat(Erf.erf(0.0)).isEqualTo(0.0);
        assertThat(Double.doubleToRawLongBits(Erf.erf(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Erf.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(Erf.erf(Double.NaN)).isNaN();
        assertThat(Erf.erf(Double.MAX_VALUE)).isEqualTo(1.0);
        assertThat(Erf.erf(Double.MIN_VALUE)).isGreaterThan(0.0);
        assertThat(Erf.erf(1e-310)).isCloseTo(1.1283791670955126e-310, within(1e-323));
    }

    @Test
    void isOddMonotonicAndBounded() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            double x = random.nextDouble(-7, 7);
            double e = Erf.erf(x);
            assertThat(Erf.erf(-x)).as("erf(-%s)", x).isEqualTo(-e);
            assertThat(Math.abs(e)).isLessThanOrEqualTo(1.0);
            // monotonic up to the approximation's wiggle in the last bits (relative 1e-16)
            assertThat(Erf.erf(Math.nextUp(x))).as("monotonic at %s", x).isGreaterThanOrEqualTo(e - 4 * Math.ulp(e));
            if (Math.abs(x) < 3) {
                assertThat(Erf.erf(x + 1e-9)).as("increasing at %s", x).isGreaterThan(e);
            }
        }
    }

    /** Around the interval boundaries 0.46875 and 4 the pieces join within an ulp or two. */
    @Test
    void piecesJoin() {
        for (double b : new double[] {0.46875, 4.0}) {
            double below = Erf.erf(Math.nextDown(b)), at = Erf.erf(b), above = Erf.erf(Math.nextUp(b));
            assertThat(at - below).as("step below %s", b).isBetween(0.0, 4 * Math.ulp(at));
            assertThat(above - at).as("step above %s", b).isBetween(0.0, 4 * Math.ulp(at));
        }
    }
}
