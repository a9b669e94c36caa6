// Placeholder; the engine benchmark lands with the forward pass.
print("engine benchmark: not yet implemented")
