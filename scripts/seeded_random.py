"""SplitMix64 as Sources/TensorCore/SeededRandom.swift draws it, bit for bit: the scripts that must
reproduce the Swift side's random choices (golden cases, the PyTorch reference fine-tune) import it."""

MASK64 = (1 << 64) - 1


class SplitMix64:
    """Sources/TensorCore/SeededRandom.swift, bit for bit."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_int(self, bound):
        """Lemire's unbiased integer in [0, bound), as SeededRandom.next(upperBound:)."""
        product = self.next() * bound
        low = product & MASK64
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK64
        return product >> 64

    def fork(self, index):
        """An independent stream for `index`, as SeededRandom.fork(_:)."""
        mixer = SplitMix64(self.state ^ ((index * 0xD1B54A32D192ED03) & MASK64))
        return SplitMix64(mixer.next())
