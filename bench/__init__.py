"""Benchmarks: ``python -m bench`` runs them all. They print figures and ratios against a
baseline measured in the same run (the machine is noisy: ratios hold, absolute times do
not) and never assert timings. Loopback only; every load is bounded in count and time."""
