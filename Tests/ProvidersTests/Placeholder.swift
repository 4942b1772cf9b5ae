// Tests for Providers.
