#if canImport(Glibc)
    import CMalloc
#endif

/// Process-wide allocator tuning for programs that run the engine repeatedly (the CLI, benchmarks).
///
/// An explanation allocates tens of megabytes of attention maps and gradients that live until it ends. With
/// glibc's defaults, blocks this large are mapped fresh from the kernel and returned on release, so every
/// explanation pays page faults and kernel zeroing for all of them again (about a fifth of the run time at 512
/// tokens). Raising the mapping and trimming thresholds keeps released blocks in the heap for reuse.
public enum MemoryReuse {
    /// Serves blocks up to 32 MiB from the heap and stops returning freed heap memory to the kernel below 1 GiB.
    /// Safe to call more than once; does nothing on systems without glibc.
    public static func keepFreedBuffers() {
        #if canImport(Glibc)
            _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        #endif
    }
}
