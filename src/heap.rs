//! The global allocator on wasm32: one free list per power-of-two size class, blocks carved
//! from the top of linear memory, which grows a page at a time.
//!
//! Why our own: the smallest general-purpose allocator we measured (Talc, which replaced
//! dlmalloc) is 1.3 KB of code, and every byte of the bundle is paid on mobile networks. A
//! widget's heap is small and lives as long as a page, so rounding each block up to a power of
//! two (at most twice the memory) costs nothing anyone sees, while allocation and release
//! become a few instructions each, with no search. The classes' lists never give a block
//! back to a smaller class; a page is short-lived enough for that not to matter. `realloc` is
//! `GlobalAlloc`'s own (allocate, copy, release): growing a `Vec` doubles it, a new class
//! anyway.
//!
//! The arithmetic is a plain struct with the memory's growth passed in, so native unit tests
//! run it over an arena; `Heap` wraps it for `#[global_allocator]` on the single-threaded
//! wasm32 target.

/// WebAssembly's page: linear memory grows in these.
const PAGE: usize = 65536;
/// Class `k` holds blocks of `2^k` bytes, up to 2 GiB (half of wasm32's address space): one
/// class per bit of an address, so a gap's class, its lowest set bit, always has a list.
const CLASSES: usize = 32;

pub struct Blocks {
    /// Each class's first free block; a free block's first word points to the next one.
    free: [usize; CLASSES],
    /// The untouched memory is `next..end`; `end` is a page boundary.
    next: usize,
    end: usize,
}

impl Blocks {
    pub const fn new() -> Self {
        Blocks {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block of `2^class(size, align)` bytes, aligned to its size (or to a page), or 0
    /// when memory cannot grow. `grow(pages)` returns the old size in pages, `usize::MAX` on
    /// failure, like `memory.grow`.
    ///
    /// # Safety
    /// The memory from the first page `grow` returns up is this allocator's alone, and every
    /// block on a free list was returned by `alloc` with the same class and not freed twice.
    pub unsafe fn alloc(
        &mut self,
        size: usize,
        align: usize,
        grow: impl Fn(usize) -> usize,
    ) -> usize {
        let Some(k) = class(size, align) else {
            return 0;
        };
        let head = self.free[k];
        if head != 0 {
            self.free[k] = unsafe { *(head as *const usize) };
            return head;
        }
        let size = 1 << k;
        let align = size.min(PAGE);
        // A block is aligned to its size, so first file the gap up to that as smaller
        // blocks, each aligned to its own size (the lowest set bit of the address).
        while self.next & (align - 1) != 0 {
            let gap = self.next & self.next.wrapping_neg();
            unsafe { self.release(self.next, gap.trailing_zeros() as usize) };
            self.next += gap;
        }
        while self.end - self.next < size {
            let pages = (size - (self.end - self.next)).div_ceil(PAGE);
            let old = grow(pages);
            // `memory.grow` failed (`usize::MAX`), or memory now reaches 4 GiB, whose end a
            // wasm32 `usize` cannot hold.
            let Some(end) = old.checked_add(pages).and_then(|p| p.checked_mul(PAGE)) else {
                return 0;
            };
            if old * PAGE != self.end {
                // The first call, or memory grown by someone else: start afresh above it. The
                // pages asked for still suffice (`next` was a page boundary or `size` under a
                // page); the loop re-checks rather than relying on that.
                self.next = old * PAGE;
            }
            self.end = end;
        }
        let block = self.next;
        self.next += size;
        block
    }

    /// # Safety
    /// `block` came from `alloc` with the same `size` and `align` and is not in use. The size
    /// decides the class, so a wrong one would file the block where it overlaps others:
    /// Rust's `Layout` contract, and wasm-bindgen's `__wbindgen_free`, which is given the
    /// length its `__wbindgen_malloc` was.
    pub unsafe fn dealloc(&mut self, block: usize, size: usize, align: usize) {
        if let Some(k) = class(size, align) {
            unsafe { self.release(block, k) }
        }
    }

    unsafe fn release(&mut self, block: usize, k: usize) {
        unsafe { *(block as *mut usize) = self.free[k] };
        self.free[k] = block;
    }
}

/// The class of a request: `size` and `align` rounded up to a power of two, at least a
/// word pair (so a free block holds its link); `None` beyond the largest class, and for an
/// alignment above a page, which blocks do not have (null is the allocator's way to refuse).
fn class(size: usize, align: usize) -> Option<usize> {
    let bytes = size.max(align).max(8);
    let k = (usize::BITS - (bytes - 1).leading_zeros()) as usize;
    (k < CLASSES && align <= PAGE).then_some(k)
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
pub use wasm::Heap;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32::memory_grow;
    use core::cell::UnsafeCell;

    use super::Blocks;

    pub struct Heap(UnsafeCell<Blocks>);

    // Sound: this target has no threads (`not(target_feature = "atomics")` above).
    unsafe impl Sync for Heap {}

    impl Heap {
        pub const fn new() -> Self {
            Heap(UnsafeCell::new(Blocks::new()))
        }
    }

    unsafe impl GlobalAlloc for Heap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let blocks = unsafe { &mut *self.0.get() };
            let grow = |pages| memory_grow(0, pages);
            unsafe { blocks.alloc(layout.size(), layout.align(), grow) as *mut u8 }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            let blocks = unsafe { &mut *self.0.get() };
            unsafe { blocks.dealloc(ptr as usize, layout.size(), layout.align()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{alloc_zeroed, Layout};
    use std::cell::RefCell;

    const HEAP: u8 = 1;
    const OTHER: u8 = 2;

    /// `pages` pages of real memory, page-aligned, handed out like `memory.grow` (page
    /// numbers are addresses divided by `PAGE`), each remembering who got it: the heap or
    /// another user of `memory.grow`.
    struct Mem {
        base_page: usize,
        owner: RefCell<Vec<u8>>,
    }

    impl Mem {
        fn new(pages: usize) -> Mem {
            let layout = Layout::from_size_align(pages * PAGE, PAGE).unwrap();
            // Leaked on purpose: a test's memory lives as long as the test binary.
            let base = unsafe { alloc_zeroed(layout) } as usize;
            assert_ne!(base, 0);
            Mem {
                base_page: base / PAGE,
                owner: RefCell::new(vec![0; pages]),
            }
        }

        fn grow_as(&self, pages: usize, who: u8) -> usize {
            let mut owner = self.owner.borrow_mut();
            let used = owner.iter().position(|&w| w == 0).unwrap_or(owner.len());
            if used + pages > owner.len() {
                return usize::MAX;
            }
            owner[used..used + pages].fill(who);
            self.base_page + used
        }

        fn grow(&self, pages: usize) -> usize {
            self.grow_as(pages, HEAP)
        }

        /// Whether `len` bytes at `at` lie on pages the heap was given.
        fn heap_owns(&self, at: usize, len: usize) -> bool {
            let owner = self.owner.borrow();
            (at / PAGE..=(at + len - 1) / PAGE)
                .all(|p| p >= self.base_page && owner.get(p - self.base_page) == Some(&HEAP))
        }
    }

    /// xorshift64: the randomised test's requests, the same on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn classes_round_up_to_a_power_of_two_of_at_least_eight() {
        assert_eq!(class(1, 1), Some(3));
        assert_eq!(class(8, 8), Some(3));
        assert_eq!(class(9, 1), Some(4));
        assert_eq!(class(3, 16), Some(4));
        assert_eq!(class(PAGE, 1), Some(16));
        assert_eq!(class(PAGE + 1, 1), Some(17));
        assert_eq!(class(8, PAGE), Some(16));
        assert_eq!(class(8, 2 * PAGE), None);
        assert_eq!(class(1 << 31, 1), Some(31));
        assert_eq!(class((1 << 31) + 1, 1), None);
        assert_eq!(class(usize::MAX, 1), None);
    }

    /// Random requests (sizes up to 256 KiB, alignments up to a page) and releases, with
    /// other users growing memory now and then, checked against what was handed out: every
    /// block aligned, on the heap's own pages, overlapping no live block, and still holding
    /// what was written into it when it is released.
    #[test]
    fn random_requests_get_aligned_disjoint_blocks_of_their_own() {
        for seed in 1..=4u64 {
            let mem = Mem::new(2048);
            let mut heap = Blocks::new();
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut live: Vec<(usize, usize, usize, u8)> = Vec::new();
            for step in 0..10_000u32 {
                let r = rng.next();
                if r.is_multiple_of(50) {
                    mem.grow_as(1 + (r >> 8) as usize % 3, OTHER);
                    continue;
                }
                if r.is_multiple_of(3) && !live.is_empty() {
                    let (block, size, align, fill) =
                        live.swap_remove((r >> 8) as usize % live.len());
                    let bytes = unsafe { std::slice::from_raw_parts(block as *const u8, size) };
                    assert!(
                        bytes.iter().all(|&b| b == fill),
                        "seed {seed} step {step}: {block:#x} overwritten"
                    );
                    unsafe { heap.dealloc(block, size, align) };
                    continue;
                }
                let size = 1 + (r >> 16) as usize % (1usize << ((r >> 8) % 18));
                let align = 1usize << ((r >> 40) % 17);
                let block = unsafe { heap.alloc(size, align, |p| mem.grow(p)) };
                if block == 0 {
                    continue; // the arena is full: a refusal is allowed
                }
                assert_eq!(block % align, 0, "seed {seed} step {step}: misaligned");
                let span = 1usize << class(size, align).unwrap();
                assert!(
                    mem.heap_owns(block, span),
                    "seed {seed} step {step}: {block:#x} not the heap's"
                );
                for &(other, other_size, other_align, _) in &live {
                    let other_span = 1usize << class(other_size, other_align).unwrap();
                    assert!(
                        block + span <= other || other + other_span <= block,
                        "seed {seed} step {step}: {block:#x} overlaps {other:#x}"
                    );
                }
                let fill = (step % 251) as u8 + 1;
                unsafe { std::ptr::write_bytes(block as *mut u8, fill, size) };
                live.push((block, size, align, fill));
            }
        }
    }

    #[test]
    fn a_released_block_is_the_next_one_of_its_class() {
        let mem = Mem::new(4);
        let mut heap = Blocks::new();
        let grow = |p| mem.grow(p);
        let a = unsafe { heap.alloc(40, 8, grow) };
        let b = unsafe { heap.alloc(40, 8, grow) };
        assert_ne!(a, b);
        unsafe { heap.dealloc(a, 40, 8) };
        assert_eq!(unsafe { heap.alloc(64, 1, grow) }, a);
    }

    #[test]
    fn gaps_before_an_aligned_block_serve_smaller_requests() {
        let mem = Mem::new(4);
        let mut heap = Blocks::new();
        let grow = |p| mem.grow(p);
        let small = unsafe { heap.alloc(8, 8, grow) };
        let big = unsafe { heap.alloc(4096, 1, grow) };
        assert_eq!(big % 4096, 0);
        // The 4 088 bytes between them were filed as 8-, 16-, …, 2 048-byte blocks.
        let next8 = unsafe { heap.alloc(8, 8, grow) };
        assert_eq!(next8, small + 8);
        let k2048 = unsafe { heap.alloc(2048, 1, grow) };
        assert!(k2048 > small && k2048 + 2048 <= big);
    }

    #[test]
    fn memory_that_cannot_grow_gives_null_not_a_panic() {
        let mem = Mem::new(2);
        let mut heap = Blocks::new();
        let grow = |p| mem.grow(p);
        assert_ne!(unsafe { heap.alloc(PAGE, 1, grow) }, 0);
        assert_ne!(unsafe { heap.alloc(PAGE, 1, grow) }, 0);
        assert_eq!(unsafe { heap.alloc(PAGE, 1, grow) }, 0);
        assert_eq!(unsafe { heap.alloc(usize::MAX, 1, grow) }, 0);
        assert_eq!(unsafe { heap.alloc(8, 8, grow) }, 0);
    }

    /// On wasm32, memory grown to exactly 4 GiB ends at 2^32, which a `usize` cannot hold;
    /// here, the same at 2^64. No memory is touched: a first call, with no gap to file.
    #[test]
    fn memory_reaching_the_top_of_the_address_space_gives_null() {
        let mut heap = Blocks::new();
        assert_eq!(unsafe { heap.alloc(8, 8, |_| usize::MAX / PAGE) }, 0);
    }

    #[test]
    fn an_alignment_above_a_page_is_refused() {
        let mem = Mem::new(8);
        let mut heap = Blocks::new();
        assert_eq!(unsafe { heap.alloc(8, 2 * PAGE, |p| mem.grow(p)) }, 0);
    }

    /// Another user takes the pages after ours, so the heap starts afresh above them.
    #[test]
    fn memory_grown_by_someone_else_is_skipped() {
        let mem = Mem::new(16);
        let mut heap = Blocks::new();
        let grow = |p| mem.grow(p);
        assert_ne!(unsafe { heap.alloc(PAGE / 2, 1, grow) }, 0);
        mem.grow_as(2, OTHER);
        let block = unsafe { heap.alloc(4 * PAGE, 1, grow) };
        assert_ne!(block, 0);
        assert!(mem.heap_owns(block, 4 * PAGE), "{block:#x}");
    }
}
