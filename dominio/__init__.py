"""Domain model of the Secretaria General: aggregates, events and rules. No I/O."""
