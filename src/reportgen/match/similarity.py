"""Similarity of Chinese texts and optimal one-to-one assignment.

Chinese has no spaces, so word-token scorers see one token per clause. Texts are compared as sets of character
bigrams: ``dice`` (2·|A∩B| / (|A|+|B|)) says how alike two texts are, ``containment`` (|A∩B| / |A|) how much of
one is found in the other, which is what a merged or split section shows. Both come from one matrix product
over a bigram incidence matrix, so there is no Python loop over pairs of characters.

``assign`` is the Hungarian algorithm (Kuhn–Munkres, O(n²·m)), vectorised over columns with numpy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]

_KEEP_RE = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]+")


def content(text: str) -> str:
    """The text with only Chinese characters and Latin letters: no digits, punctuation or spaces.

    Numbers change every year and must not make two versions of a section look different.
    """
    return _KEEP_RE.sub("", text)


def bigrams(text: str) -> set[str]:
    """The character bigrams of ``content(text)`` (a one-character text is its own bigram)."""
    clean = content(text)
    if len(clean) < 2:
        return {clean} if clean else set()
    return {clean[i : i + 2] for i in range(len(clean) - 1)}


@dataclass(frozen=True)
class Overlap:
    """Bigram overlap between every text of ``a`` and every text of ``b``."""

    common: Matrix
    a_sizes: Matrix
    b_sizes: Matrix

    @property
    def dice(self) -> Matrix:
        """2·|A∩B| / (|A|+|B|): 1 for the same bigrams, 0 for none in common."""
        total = self.a_sizes[:, None] + self.b_sizes[None, :]
        return np.divide(2 * self.common, total, out=np.zeros_like(self.common), where=total > 0)

    @property
    def a_in_b(self) -> Matrix:
        """|A∩B| / |A|: the share of each ``a`` text found in each ``b`` text."""
        sizes = np.broadcast_to(self.a_sizes[:, None], self.common.shape)
        return np.divide(self.common, sizes, out=np.zeros_like(self.common), where=sizes > 0)

    @property
    def b_in_a(self) -> Matrix:
        """|A∩B| / |B|: the share of each ``b`` text found in each ``a`` text."""
        sizes = np.broadcast_to(self.b_sizes[None, :], self.common.shape)
        return np.divide(self.common, sizes, out=np.zeros_like(self.common), where=sizes > 0)


def _bigram_incidence(texts: Sequence[str]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.uint64]]:
    """(row, code) of every bigram occurrence in ``texts``: the members of ``bigrams(texts[row])`` as integers.

    The bigram of code points (x, y) is x·2³² + y; a one-character text is its own bigram, x·2³² + 0xFFFFFFFF (no
    code point is that large, so it never equals a real bigram). All texts go through numpy at once: no Python
    loop over characters or bigrams.
    """
    cleans = [content(t) for t in texts]
    lengths = np.array([len(c) for c in cleans], dtype=np.intp)
    points = np.frombuffer("".join(cleans).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(cleans), dtype=np.intp), lengths)
    same_text = owner[:-1] == owner[1:]  # a bigram never spans two texts
    rows = owner[:-1][same_text]
    codes = ((points[:-1] << np.uint64(32)) | points[1:])[same_text]
    single = np.flatnonzero(lengths == 1)
    if len(single):
        starts = np.cumsum(lengths) - lengths
        rows = np.concatenate([rows, single])
        codes = np.concatenate([codes, (points[starts[single]] << np.uint64(32)) | np.uint64(0xFFFFFFFF)])
    return rows, codes


def overlap(a: Sequence[str], b: Sequence[str]) -> Overlap:
    """Bigram overlap of two lists of texts."""
    a_rows, a_codes = _bigram_incidence(a)
    b_rows, b_codes = _bigram_incidence(b)
    vocab, columns = np.unique(np.concatenate([a_codes, b_codes]), return_inverse=True)
    width = max(len(vocab), 1)
    a_mat = np.zeros((len(a), width), dtype=np.float64)
    b_mat = np.zeros((len(b), width), dtype=np.float64)
    a_mat[a_rows, columns[: len(a_codes)]] = 1.0  # a bigram seen twice in a text is set twice: still 1
    b_mat[b_rows, columns[len(a_codes) :]] = 1.0
    return Overlap(common=a_mat @ b_mat.T, a_sizes=a_mat.sum(axis=1), b_sizes=b_mat.sum(axis=1))


def assign(weights: Matrix) -> list[tuple[int, int]]:
    """The one-to-one pairs (row, column) with the largest total weight; zero-weight pairs are left out.

    Give pairs that must not match a weight of 0. Ties go to the lowest index, so the result is deterministic.
    Rows and columns linked by no positive weight cannot affect each other, so each connected group is solved
    on its own: most figures of two years form a group of one pair, which needs no search.
    """
    pairs: list[tuple[int, int]] = []
    for rows, cols in _components(weights):
        if len(rows) == 1 and len(cols) == 1:
            pairs.append((rows[0], cols[0]))
            continue
        sub = weights[np.ix_(rows, cols)]
        pairs += [(rows[r], cols[c]) for r, c in _hungarian(sub)]
    return sorted(pairs)


def _components(weights: Matrix) -> list[tuple[list[int], list[int]]]:
    """The connected groups of rows and columns, linked by positive weights (isolated ones left out)."""
    n_rows = weights.shape[0]
    parent = list(range(n_rows + weights.shape[1]))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked_rows, linked_cols = np.nonzero(weights > 0)
    for r, c in zip(linked_rows.tolist(), linked_cols.tolist(), strict=True):
        a, b = find(r), find(n_rows + c)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for r in sorted(set(linked_rows.tolist())):
        groups.setdefault(find(r), ([], []))[0].append(r)
    for c in sorted(set(linked_cols.tolist())):
        groups.setdefault(find(n_rows + c), ([], []))[1].append(c)
    return list(groups.values())


def _hungarian(weights: Matrix) -> list[tuple[int, int]]:
    """``assign`` on one connected group: the Hungarian algorithm (Kuhn–Munkres), O(n³)."""
    rows, cols = weights.shape
    if rows == 0 or cols == 0:
        return []
    transposed = rows > cols
    w = weights.T if transposed else weights
    n, m = w.shape
    cost = float(w.max()) - w
    inf = np.inf
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=np.int64)  # owner[j]: the row (1-based) assigned to column j, 0 for none
    way = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = np.full(m + 1, inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = owner[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < minv[1:])
            minv[1:] = np.where(better, reduced, minv[1:])
            way[1:] = np.where(better, j0, way[1:])
            candidates = np.where(free, minv[1:], inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            minv[1:] = np.where(free, minv[1:] - delta, minv[1:])
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = int(way[j0])
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(int(owner[j]) - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted((r, c) for r, c in pairs if weights[r, c] > 0)


def thresholded(scores: Matrix, threshold: float) -> Matrix:
    """``scores`` with every entry below ``threshold`` set to 0 (a pair that must not match)."""
    return np.where(scores >= threshold, scores, 0.0)
