// Tests for Quality.
