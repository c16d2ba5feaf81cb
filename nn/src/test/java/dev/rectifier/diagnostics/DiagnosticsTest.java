package dev.rectifier.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.kernels.Activations;
import dev.rectifier.kernels.Parallelism;
import dev.rectifier.nn.Dense;
import dev.rectifier.nn.Sequential;
import dev.rectifier.optim.Sgd;
import dev.rectifier.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    /**
     * 2 inputs -> 4 relu units -> 1 output, with weights set by hand: for inputs in the positive
     * quadrant unit 0 is always on, unit 1 is dead (negative weights, negative bias), unit 2 is
     * on only when x0 > 0.5 (half the probe), unit 3 is dead by its bias alone.
     */
    static Sequential handBuilt() {
        SplittableRandom r = new SplittableRandom(1);
        Dense hidden = new Dense(2, 4, Activations.relu(), r);
        Dense out = new Dense(4, 1, null, r);
        float[] w = hidden.weight().value().data();
        float[] b = hidden.bias().value().data();
        float[][] rows = {{1, 1}, {-1, -1}, {1, 0}, {0, 0}};
        float[] biases = {0.1f, -0.1f, -0.5f, -1f};
        for (int u = 0; u < 4; u++) {
            w[u * 2] = rows[u][0];
            w[u * 2 + 1] = rows[u][1];
            b[u] = biases[u];
        }
        java.util.Arrays.fill(out.weight().value().data(), 1f);
        return Sequential.of(hidden, out);
    }

    /** x0 = 0.25 or 0.75 alternately (x0 - 0.5 never 0), x1 in [0, 1). */
    static Tensor probe(int n) {
        Tensor t = Tensor.zeros(n, 2);
        for (int i = 0; i < n; i++) {
            t.data()[2 * i] = i % 2 == 0 ? 0.25f : 0.75f;
            t.data()[2 * i + 1] = (float) i / n;
        }
        return t;
    }

    @Test
    void countsTheDeadUnitsOfAHandBuiltNetwork() {
        List<UnitStats> stats = ActivationProbe.measure(handBuilt(), probe(100), 32, Parallelism.serial());
        assertThat(stats).hasSize(1);
        UnitStats s = stats.get(0);
        assertThat(s.units()).isEqualTo(4);
        assertThat(s.zeroFraction()).containsExactly(0.0, 1.0, 0.5, 1.0);
        assertThat(s.deadUnits()).containsExactly(1, 3);
        assertThat(s.dead()).isEqualTo(2);
        assertThat(s.nearlyDead()).isEqualTo(2);
        assertThat(s.sparsity()).isEqualTo((0 + 100 + 50 + 100) / 400.0);
        // outputs: unit 0 = x0 + x1 + 0.1, unit 2 = 0.25 on the odd samples, others 0
        double sum = 0, sumSq = 0;
        Tensor p = probe(100);
        for (int i = 0; i < 100; i++) {
            double u0 = p.data()[2 * i] + p.data()[2 * i + 1] + 0.1f;
            double u2 = i % 2 == 1 ? 0.25 : 0;
            sum += u0 + u2;
            sumSq += u0 * u0 + u2 * u2;
        }
        double mean = sum / 400;
        assertThat(s.mean()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.std()).isCloseTo(Math.sqrt(sumSq / 400 - mean * mean), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void reviveReinitialisesExactlyTheDeadUnitsAndZeroesTheirOutgoingWeights() {
        Sequential model = handBuilt();
        Dense hidden = (Dense) model.layers().get(0), out = (Dense) model.layers().get(1);
        float[] wBefore = hidden.weight().value().toArray(), bBefore = hidden.bias().value().toArray();
        float[] outBefore = out.weight().value().toArray();
        Sgd sgd = new Sgd(model.parameters(), 0.1, 0.9);
        dev.rectifier.nn.Context eval = dev.rectifier.nn.Context.eval(Parallelism.serial());
        float[] outputBefore = model.forward(probe(100), eval).toArray();
        List<UnitStats> stats = ActivationProbe.measure(model, probe(100), 32, Parallelism.serial());

        Revive.Result r = Revive.revive(model, stats, sgd, new SplittableRandom(3));

        assertThat(r.units()).isEqualTo(2);
        float[] w = hidden.weight().value().toArray(), b = hidden.bias().value().toArray(), o = out.weight().value().toArray();
        for (int u = 0; u < 4; u++) {
            boolean dead = u == 1 || u == 3;
            if (dead) {
                assertThat(new float[] {w[2 * u], w[2 * u + 1]}).as("unit %d re-drawn", u)
                        .isNotEqualTo(new float[] {wBefore[2 * u], wBefore[2 * u + 1]});
                assertThat(b[u]).as("bias of unit %d", u).isZero();
                assertThat(o[u]).as("outgoing weight of unit %d", u).isZero();
            } else {
                assertThat(new float[] {w[2 * u], w[2 * u + 1]}).as("live unit %d untouched", u)
                        .containsExactly(wBefore[2 * u], wBefore[2 * u + 1]);
                assertThat(b[u]).isEqualTo(bBefore[u]);
                assertThat(o[u]).isEqualTo(outBefore[u]);
            }
        }
        // The network's function does not jump: the dead units gave 0 and now have 0 outgoing weight.
        assertThat(model.forward(probe(100), eval).toArray()).containsExactly(outputBefore);
    }
}
