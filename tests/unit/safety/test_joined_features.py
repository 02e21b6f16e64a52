"""One message's lexical features joined with its embedding equal scipy's stacking."""

import numpy as np
from scipy.sparse import csr_matrix, hstack

from muni.safety import classifier as safety


def test_one_message_is_joined_as_scipy_stacks_it():
    rng = np.random.default_rng(3)
    row = csr_matrix(([0.5, 0.25, 1.0], [2, 7, 40], [0, 3]), shape=(1, 50))
    vector = rng.normal(size=8).astype(np.float32)
    expected = hstack([row, csr_matrix(vector[None, :] * safety.EMBEDDING_WEIGHT)]).toarray()
    for given in (vector, vector[None, :]):  # one vector, or a batch of one as embed() gives
        joined = safety._joined(row, given)
        assert joined.shape == (1, 58)
        np.testing.assert_allclose(joined.toarray(), expected, rtol=1e-6)
    many = safety._joined(csr_matrix(np.ones((3, 50))), np.ones((3, 8)))
    assert many.shape == (3, 58) and many.format == "csr"
