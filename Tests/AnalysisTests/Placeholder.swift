// Tests for Analysis.
