//! The global allocator on wasm32: one free list per power-of-two size class, blocks carved
//! from the top of linear memory, which grows a page at a time.
//!
//! Why our own: the smallest general-purpose allocator we measured (Talc, which replaced
//! dlmalloc) is 1.3 KB of code, and every byte of the bundle is paid on mobile networks. A
//! widget's heap is small and lives as long as a page, so rounding each block up to a power of
//! two (at most twice the memory) costs nothing anyone sees, while allocation and release
//! become a few instructions each, with no search. The classes' lists never give a block
//! back to a smaller class; a page is short-lived enough for that not to matter.
//!
//! The arithmetic is a plain struct with the memory's growth passed in, so native unit tests
//! run it over an arena; `Heap` wraps it for `#[global_allocator]` on the single-threaded
//! wasm32 target.

/// WebAssembly's page: linear memory grows in these.
const PAGE: usize = 65536;
/// Class `k` holds blocks of `2^k` bytes; the largest is 1 GiB, more than a wasm32 page can
/// ever be given.
const CLASSES: usize = 31;

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
            if old == usize::MAX {
                return 0;
            }
            if old * PAGE != self.end {
                // The first call, or memory grown by someone else: start afresh above it.
                self.next = old * PAGE;
            }
            self.end = (old + pages) * PAGE;
        }
        let block = self.next;
        self.next += size;
        block
    }

    /// # Safety
    /// `block` came from `alloc` with the same `size` and `align` and is not in use.
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
/// word pair (so a free block holds its link); `None` beyond the largest class.
fn class(size: usize, align: usize) -> Option<usize> {
    let bytes = size.max(align).max(8);
    let k = (usize::BITS - (bytes - 1).leading_zeros()) as usize;
    (k < CLASSES).then_some(k)
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
    use std::cell::Cell;

    /// `pages` pages of real memory, page-aligned, handed out by a `grow` like `memory.grow`
    /// whose page numbers are addresses divided by `PAGE`.
    struct Arena {
        base_page: usize,
        pages: usize,
        used: Cell<usize>,
    }

    impl Arena {
        fn new(pages: usize) -> Arena {
            let layout = Layout::from_size_align(pages * PAGE, PAGE).unwrap();
            // Leaked on purpose: a test's arena lives as long as the test binary.
            let base = unsafe { alloc_zeroed(layout) } as usize;
            Arena {
                base_page: base / PAGE,
                pages,
                used: Cell::new(0),
            }
        }

        fn grow(&self, pages: usize) -> usize {
            let used = self.used.get();
            if used + pages > self.pages {
                return usize::MAX;
            }
            self.used.set(used + pages);
            self.base_page + used
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
        assert_eq!(class(1 << 30, 1), Some(30));
        assert_eq!(class((1 << 30) + 1, 1), None);
        assert_eq!(class(usize::MAX, 1), None);
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_reused_after_release() {
        let arena = Arena::new(512);
        let mut heap = Blocks::new();
        let grow = |p| arena.grow(p);
        // A mix of sizes and alignments, as a UI's heap sees: strings, nodes, vectors.
        let requests: Vec<(usize, usize)> = (0..2000)
            .map(|i: usize| {
                let size = [1, 7, 8, 24, 33, 100, 513, 4096, 20_000, 70_000][i * 7 % 10];
                let align = [1, 4, 8, 16][i % 4];
                (size, align)
            })
            .collect();
        let mut live: Vec<(usize, usize, usize, u8)> = Vec::new();
        for (i, &(size, align)) in requests.iter().enumerate() {
            let block = unsafe { heap.alloc(size, align, grow) };
            assert_ne!(block, 0, "request {i} ({size} B) failed");
            assert_eq!(block % align, 0);
            let fill = i as u8;
            unsafe { std::ptr::write_bytes(block as *mut u8, fill, size) };
            live.push((block, size, align, fill));
            // Free every third one so lists fill and empty.
            if i % 3 == 2 {
                let (block, size, align, _) = live.remove(live.len() / 2);
                unsafe { heap.dealloc(block, size, align) };
            }
        }
        // No live block was overwritten by another: each still holds its own fill.
        for &(block, size, _, fill) in &live {
            let bytes = unsafe { std::slice::from_raw_parts(block as *const u8, size) };
            assert!(
                bytes.iter().all(|&b| b == fill),
                "block at {block:#x} was overwritten"
            );
        }
        let mut spans: Vec<(usize, usize)> = live.iter().map(|&(b, s, _, _)| (b, b + s)).collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
    }

    #[test]
    fn a_released_block_is_the_next_one_of_its_class() {
        let arena = Arena::new(4);
        let mut heap = Blocks::new();
        let grow = |p| arena.grow(p);
        let a = unsafe { heap.alloc(40, 8, grow) };
        let b = unsafe { heap.alloc(40, 8, grow) };
        assert_ne!(a, b);
        unsafe { heap.dealloc(a, 40, 8) };
        assert_eq!(unsafe { heap.alloc(64, 1, grow) }, a);
    }

    #[test]
    fn gaps_before_an_aligned_block_serve_smaller_requests() {
        let arena = Arena::new(4);
        let mut heap = Blocks::new();
        let grow = |p| arena.grow(p);
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
        let arena = Arena::new(2);
        let mut heap = Blocks::new();
        let grow = |p| arena.grow(p);
        assert_ne!(unsafe { heap.alloc(PAGE, 1, grow) }, 0);
        assert_ne!(unsafe { heap.alloc(PAGE, 1, grow) }, 0);
        assert_eq!(unsafe { heap.alloc(PAGE, 1, grow) }, 0);
        assert_eq!(unsafe { heap.alloc(usize::MAX, 1, grow) }, 0);
        // Smaller blocks still come from what is left: nothing, so also null.
        assert_eq!(unsafe { heap.alloc(8, 8, grow) }, 0);
    }

    #[test]
    fn memory_grown_by_someone_else_is_skipped() {
        let arena = Arena::new(8);
        let mut heap = Blocks::new();
        let a = unsafe { heap.alloc(100, 8, |p| arena.grow(p)) };
        // Another user of `memory.grow` takes the next two pages.
        arena.grow(2);
        let b = unsafe { heap.alloc(PAGE, 1, |p| arena.grow(p)) };
        assert!(b >= (arena.base_page + 3) * PAGE, "{a:#x} {b:#x}");
    }
}
