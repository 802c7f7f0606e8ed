"""Performance benchmarks (DESIGN §8): each prints its figure and its ratio to a floor."""
