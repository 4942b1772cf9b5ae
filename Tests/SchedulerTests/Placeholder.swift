// Tests for Scheduler.
