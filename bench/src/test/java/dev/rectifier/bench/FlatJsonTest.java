package dev.rectifier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {
    @Test
    void readsThePeersLines() {
        Map<String, Object> o = FlatJson.parse("{\"kind\": \"result\", \"size\": 4096, \"median_ns\": 1.5e3,"
                + " \"op\": \"torch.clamp_min(x, 0, out=y) \\\"q\\\" \\u00e9\", \"direction\": null, \"ok\": true}");
        assertThat(o).containsEntry("kind", "result").containsEntry("size", 4096.0).containsEntry("median_ns", 1500.0)
                .containsEntry("op", "torch.clamp_min(x, 0, out=y) \"q\" \u00e9").containsEntry("direction", null)
                .containsEntry("ok", true);
        assertThat(FlatJson.parse(" {} ")).isEmpty();
    }

    @Test
    void readsArraysOfValues() {
        Map<String, Object> o = FlatJson.parse("{\"epochs\": [1.5, 2], \"none\": [ ], \"mixed\": [\"a\", null, [3]]}");
        assertThat(o.get("epochs")).isEqualTo(java.util.List.of(1.5, 2.0));
        assertThat(o.get("none")).isEqualTo(java.util.List.of());
        assertThat(o.get("mixed")).isEqualTo(java.util.Arrays.asList("a", null, java.util.List.of(3.0)));
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": [1 2]}")).hasMessageContaining("expected ',' or ']'");
    }

    @Test
    void refusesWhatIsNotAFlatObjectSayingWhere() {
        assertThatThrownBy(() -> FlatJson.parse("[1]")).hasMessageContaining("expected '{' at column 1");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": 1")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\": {}}")).hasMessageContaining("expected a value");
    }
}
