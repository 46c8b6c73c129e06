"""The interactive pages' shared scripts (exact.js: the in-page exact solvers)."""
