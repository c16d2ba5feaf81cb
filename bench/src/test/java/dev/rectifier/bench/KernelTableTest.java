package dev.rectifier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rectifier.bench.JmhKernels.Case;
import dev.rectifier.bench.Measurement.Statistic;
import dev.rectifier.bench.TorchPeer.Key;
import dev.rectifier.bench.TorchPeer.Variant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelTableTest {
    private static final int N = 16 << 20;

    private static Measurement ns(Direction d, double median) {
        return new Measurement(N, d.bytesPerElement, median, median * 0.9, median * 1.1, 5);
    }

    private static TorchPeer.Results torch(Map<Key, Measurement> measured, Map<Key, String> missing) {
        Map<String, String> ops = new LinkedHashMap<>();
        return new TorchPeer.Results(null, Map.of("torch", "1.13"), measured, missing, Map.of("softplus", "no mapping"), ops);
    }

    @Test
    void ratiosCopyFractionsTargetsAndMissingFunctions() {
        Map<Case, Measurement> jmh = new LinkedHashMap<>();
        jmh.put(new Case("copy", Direction.COPY, N, 1), ns(Direction.COPY, 10_000_000));
        jmh.put(new Case("relu", Direction.FORWARD, N, 1), ns(Direction.FORWARD, 12_500_000)); // 80% of copy
        jmh.put(new Case("relu", Direction.FORWARD_MASK, N, 1), ns(Direction.FORWARD_MASK, 11_000_000));
        Map<Case, String> failed = Map.of(new Case("relu", Direction.BACKWARD, N, 1), "relu backward: 3 of 16777216 elements differ");
        Map<Case, String> missingCases = new LinkedHashMap<>(failed);
        missingCases.put(new Case("relu", Direction.BACKWARD_MASK, N, 1), "no result (see the JMH log)");

        Map<Key, Measurement> peer = new LinkedHashMap<>();
        peer.put(new Key("relu", Direction.FORWARD, Variant.PREALLOCATED, N, 1), ns(Direction.FORWARD, 25_000_000));
        peer.put(new Key("relu", Direction.FORWARD, Variant.ALLOCATING, N, 1), ns(Direction.FORWARD, 50_000_000));
        peer.put(new Key("prelu", Direction.FORWARD, Variant.ALLOCATING, N, 1), ns(Direction.FORWARD, 40_000_000));
        Map<Key, String> peerMissing = Map.of(new Key("prelu", Direction.FORWARD, Variant.PREALLOCATED, N, 1), "no out= kernel");

        KernelTable table = KernelTable.build(List.<String[]>of(new String[] {"CPU", "test"}),
                List.of("relu", "prelu"), Map.of("prelu", "not in this build"), List.of("relu"), new int[] {N}, new int[] {1},
                new JmhKernels.Results(jmh, missingCases), torch(peer, peerMissing), Statistic.MEDIAN);

        List<String> labels = new ArrayList<>();
        table.rows().forEach(r -> labels.add(r.function() + " " + r.direction().label()));
        assertThat(labels).containsExactly("copy copy", "relu forward", "relu backward", "relu forward_mask",
                "relu backward_mask", "prelu forward"); // prelu backward: no figures on either side

        KernelTable.Row forward = table.rows().get(1);
        assertThat(forward.ratio()).isEqualTo(2.0);
        assertThat(forward.ratioVsAllocating()).isFalse();
        assertThat(forward.copyFraction()).isEqualTo(0.8);
        assertThat(forward.targets()).isEqualTo("miss: 80% < 90% of copy");
        assertThat(forward.rectifier().measurement().gbps(Statistic.MEDIAN)).isCloseTo(8.0 * N / 12_500_000, org.assertj.core.data.Offset.offset(1e-9));

        KernelTable.Row backward = table.rows().get(2);
        assertThat(backward.rectifier().status()).isEqualTo("failed");
        assertThat(backward.targets()).isEqualTo("?");

        KernelTable.Row mask = table.rows().get(3);
        assertThat(mask.ratio()).isCloseTo(25.0 / 11.0, org.assertj.core.data.Offset.offset(1e-12)); // against torch's forward
        assertThat(mask.targets()).isEmpty();

        KernelTable.Row prelu = table.rows().get(5);
        assertThat(prelu.rectifier().status()).isEqualTo("missing");
        assertThat(prelu.torchOut().status()).isEqualTo("n/a");
        assertThat(prelu.torchAlloc().has()).isTrue();

        assertThat(table.notes()).anySatisfy(n -> assertThat(n).contains("prelu: no Rectifier figures, not in this build"))
                .anySatisfy(n -> assertThat(n).contains("relu backward 16M x1: failed: relu backward: 3 of 16777216"))
                .anySatisfy(n -> assertThat(n).contains("prelu forward preallocated: n/a, no out= kernel"))
                .anySatisfy(n -> assertThat(n).contains("softplus: no PyTorch figures, no mapping"));

        String text = table.toText();
        assertThat(text).contains("relu      forward").contains("2.00x").contains("80%").contains("missing");
        String csv = table.toCsv();
        String[] lines = csv.split("\n");
        assertThat(lines).hasSize(1 + 6);
        int columns = lines[0].split(",", -1).length;
        for (String line : lines) {
            assertThat(line.split(",", -1)).as(line).hasSize(columns);
        }
        assertThat(table.toMarkdown(Map.of("relu forward preallocated", "torch.clamp_min(x, 0, out=y)")))
                .contains("| relu | forward | 16M | 1 |").contains("`torch.clamp_min(x, 0, out=y)`");
    }

    @Test
    void withoutPyTorchOnlyRectifierColumnsHaveFigures() {
        Map<Case, Measurement> jmh = new LinkedHashMap<>();
        jmh.put(new Case("copy", Direction.COPY, N, 2), ns(Direction.COPY, 10_000_000));
        jmh.put(new Case("relu", Direction.FORWARD, N, 2), ns(Direction.FORWARD, 10_000_000));
        jmh.put(new Case("relu", Direction.BACKWARD, N, 2), ns(Direction.BACKWARD, 15_000_000));
        KernelTable table = KernelTable.build(List.of(), List.of("relu", "elu"), Map.of("elu", "not in this build"), List.of(),
                new int[] {N}, new int[] {2},
                new JmhKernels.Results(jmh, Map.of()), TorchPeer.Results.unavailable("no torch"), Statistic.BEST);
        assertThat(table.rows()).hasSize(3).allSatisfy(r -> {
            assertThat(r.torchOut().status()).isEqualTo("-");
            assertThat(r.ratio()).isNaN();
        });
        assertThat(table.rows().get(2).copyFraction()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // elu has figures on neither side: no rows, only its note.
        assertThat(table.notes()).containsExactly("elu: no Rectifier figures, not in this build.", "PyTorch: no torch.");
    }
}
