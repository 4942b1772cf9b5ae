// Measurements of llmbench itself; see Benchmarks/README.md.
print("no benchmarks yet")
