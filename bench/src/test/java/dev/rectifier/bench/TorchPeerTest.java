package dev.rectifier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.bench.TorchPeer.Key;
import dev.rectifier.bench.TorchPeer.Results;
import dev.rectifier.bench.TorchPeer.Variant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TorchPeerTest {
    private static final int N = 4096;

    private static Measurement ns(Direction d, double median) {
        return new Measurement(N, d.bytesPerElement, median, median, median, 5);
    }

    @Test
    void turnsAddUpKeepingTheFirstEnvironmentAndSkippingAnUnavailableTurn() {
        Key copy = new Key("copy", Direction.COPY, Variant.PREALLOCATED, N, 1);
        Key relu = new Key("relu", Direction.FORWARD, Variant.PREALLOCATED, N, 1);
        Key prelu = new Key("prelu", Direction.FORWARD, Variant.PREALLOCATED, N, 1);
        Results first = new Results(null, Map.of("torch", "1.13"), Map.of(copy, ns(Direction.COPY, 100)), Map.of(),
                Map.of(), Map.of("copy|copy|preallocated", "y.copy_(x)"));
        Results second = new Results(null, Map.of("torch", "other"), Map.of(relu, ns(Direction.FORWARD, 200)),
                Map.of(prelu, "no out= kernel"), Map.of("softplus", "no mapping"),
                Map.of("relu|forward|preallocated", "torch.clamp_min(x, 0, out=y)"));

        Results both = first.plus(second).plus(Results.unavailable("the peer exited with status 1"));

        assertThat(both.unavailable()).isNull();
        assertThat(both.env()).containsEntry("torch", "1.13");
        assertThat(both.measured()).containsOnlyKeys(copy, relu);
        assertThat(both.measured().get(relu).medianNs()).isEqualTo(200);
        assertThat(both.missing()).containsOnlyKeys(prelu);
        assertThat(both.missingFunctions()).containsOnlyKeys("softplus");
        assertThat(both.op("relu", Direction.FORWARD, Variant.PREALLOCATED)).isEqualTo("torch.clamp_min(x, 0, out=y)");
        assertThat(both.op("copy", Direction.COPY, Variant.PREALLOCATED)).isEqualTo("y.copy_(x)");
    }

    @Test
    void anUnavailableStartTakesTheFirstTurnThatRan() {
        Key relu = new Key("relu", Direction.FORWARD, Variant.PREALLOCATED, N, 2);
        Results ran = new Results(null, Map.of("torch", "1.13"), Map.of(relu, ns(Direction.FORWARD, 50)), Map.of(), Map.of(),
                Map.of());

        assertThat(Results.unavailable("not yet").plus(ran)).isEqualTo(ran);
    }
}
