#!/usr/bin/env python3
"""Cross-checks Rectifier's safetensors and model files against PyTorch and the safetensors library.

Run by hand, not in CI (CI has neither library necessarily):

  python3 safetensors_interop.py fixtures DIR   # writes reference files with safetensors.torch.save_file
  python3 safetensors_interop.py check FILE...  # reads files with an independent reader (below) and,
                                                # when importable, with safetensors; they must agree
  python3 safetensors_interop.py model DIR      # DIR holds model.json, model.safetensors and batch.safetensors
                                                # (input, output) written by ModelFileTest with
                                                # -Drectifier.io.export=DIR: rebuilds the network in
                                                # torch.nn, loads the weights, and compares outputs

The reader here is written from the format's specification only (8-byte little-endian header length,
JSON header, contiguous little-endian data) so that it does not share mistakes with either writer.
"""
import json
import struct
import sys

SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
         "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}


def read_independent(path):
    """Returns ({name: (dtype, shape, raw bytes)}, metadata, header text), validating per the specification."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: shorter than 8 bytes")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError(f"{path}: header length {n} beyond the file ({len(blob)} bytes)")
    text = blob[8:8 + n].decode("utf-8")
    if (8 + n) % 8 != 0:
        print(f"  note: data buffer of {path} starts at {8 + n}, not 8-byte aligned")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{path}: duplicate names in the header")
        return dict(pairs)

    header = json.loads(text, object_pairs_hook=no_duplicates)
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()), "metadata must be str -> str"
    buffer = blob[8 + n:]
    end = 0
    out = {}
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"])):
        assert set(info) == {"dtype", "shape", "data_offsets"}, f"{name}: fields {sorted(info)}"
        begin, stop = info["data_offsets"]
        assert begin == end, f"{name}: begins at {begin}, previous tensor ended at {end}"
        count = 1
        for d in info["shape"]:
            count *= d
        assert stop - begin == count * SIZES[info["dtype"]], f"{name}: byte length does not match shape and dtype"
        out[name] = (info["dtype"], info["shape"], buffer[begin:stop])
        end = stop
    assert end == len(buffer), f"{path}: {len(buffer) - end} trailing bytes"
    return out, metadata, text


def check(paths):
    for path in paths:
        tensors, metadata, text = read_independent(path)
        print(f"{path}: {len(tensors)} tensors, metadata {metadata}")
        for name, (dtype, shape, raw) in tensors.items():
            print(f"  {name}: {dtype} {shape} ({len(raw)} bytes)")
        try:
            from safetensors import safe_open
        except ImportError:
            print("  safetensors is not importable: checked with the independent reader only")
            continue
        import numpy as np
        with safe_open(path, framework="np") as f:
            assert (f.metadata() or {}) == metadata, f"metadata differs: {f.metadata()} vs {metadata}"
            assert sorted(f.keys()) == sorted(tensors), "names differ"
            for name in f.keys():
                ours = tensors[name][2]
                theirs = np.ascontiguousarray(f.get_tensor(name)).tobytes()
                assert ours == theirs, f"{name}: bytes differ"
        print("  safetensors reads the same names, metadata and bytes")


def fixtures(directory):
    import torch
    from safetensors.torch import save_file
    import safetensors
    nan_payload = torch.tensor([0x7FC00001], dtype=torch.int32).view(torch.float32)[0].item()
    weight = torch.tensor([[1.5, -0.0], [0.0, float("inf")], [float("-inf"), 1e-45]], dtype=torch.float32)
    weight.view(-1)[2] = torch.tensor([0x7FC00001], dtype=torch.int32).view(torch.float32)[0]
    tensors = {
        "0.weight": weight,
        "0.bias": torch.tensor([0.1, -2.5, 3.4028234663852886e38], dtype=torch.float32),
        "scalar": torch.tensor(42.0, dtype=torch.float32),
        "empty": torch.zeros((0, 3), dtype=torch.float32),
        "1.running_mean": torch.tensor([-1.25, 7.0], dtype=torch.float32),
    }
    save_file(tensors, f"{directory}/reference.safetensors", metadata={"format": "pt"})
    save_file({"a": torch.tensor([1.0, 2.0]), "half": torch.tensor([1.0, 2.0], dtype=torch.float16)},
              f"{directory}/reference_f16.safetensors")
    print(f"wrote reference files with safetensors {safetensors.__version__}, torch {torch.__version__}"
          f" (NaN payload {nan_payload})")


def model(directory):
    import torch
    from torch import nn
    with open(f"{directory}/model.json") as f:
        spec = json.load(f)
    assert spec["format"] == "rectifier-model", spec["format"]

    def build(layers):
        modules = []
        for layer in layers:
            kind = layer["type"]
            if kind == "dense":
                modules.append(nn.Linear(layer["in"], layer["out"], bias=layer.get("bias", True)))
                act = layer.get("activation")
                if act is not None:
                    modules.append(activation(act))
                    # torch numbers the activation as its own module; Rectifier fuses it into the layer.
            elif kind == "activation":
                modules.append(activation(layer["activation"]))
            elif kind == "sequential":
                modules.append(build(layer["layers"]))
            else:
                raise SystemExit(f"layer type {kind} is not handled by this script")
        return nn.Sequential(*modules)

    def activation(text):
        name = text.split("(")[0]
        if name == "relu":
            return nn.ReLU()
        if name == "leaky_relu":
            slope = float(text.split("=")[1].rstrip(")")) if "=" in text else 0.01
            return nn.LeakyReLU(slope)
        raise SystemExit(f"activation {text} is not handled by this script")

    net = build(spec["layers"])
    try:
        from safetensors.torch import load_file
        state = load_file(f"{directory}/model.safetensors")
        batch = load_file(f"{directory}/batch.safetensors")
        reader = "safetensors.torch.load_file"
    except ImportError:
        def load(path):
            tensors, _, _ = read_independent(path)
            return {k: torch.frombuffer(bytearray(raw), dtype=torch.float32).reshape(shape) if raw else
                    torch.zeros(shape) for k, (dtype, shape, raw) in tensors.items()}
        state, batch = load(f"{directory}/model.safetensors"), load(f"{directory}/batch.safetensors")
        reader = "the independent reader"
    # Map Rectifier's names (one index per fused Dense) to torch's (activation modules take indices too).
    linear = [m for m in net.modules() if isinstance(m, nn.Linear)]
    names = [k for k in state if k.endswith(".weight")]
    assert len(names) == len(linear), (names, linear)
    for module, key in zip(linear, names):
        module.weight.data.copy_(state[key])
        prefix = key[: -len("weight")]
        if module.bias is not None:
            module.bias.data.copy_(state[prefix + "bias"])
    with torch.no_grad():
        out = net(batch["input"])
    expected = batch["output"]
    diff = (out - expected).abs().max().item()
    print(f"{directory}: loaded with {reader}; torch output vs Rectifier output: max |diff| = {diff:.3g}"
          f" over {out.numel()} values")
    assert diff <= 1e-5 * max(1.0, expected.abs().max().item()), "outputs differ"


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    {"fixtures": lambda: fixtures(args[0]), "check": lambda: check(args), "model": lambda: model(args[0])}[command]()
