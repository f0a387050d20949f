//! The page module's memory allocator: blocks of 2ᵏ bytes, one free list per size.
//!
//! std's allocator on wasm32 (dlmalloc) is ≈ 8 KB of the page's wasm, 4 % of its 200 KB budget
//! (issue 12). The page allocates few, mostly long-lived buffers (a Playground's network,
//! batches and grid, rebuilt with the same few sizes), so this simpler scheme serves it: a
//! request is rounded up to a power of two (at least 16 bytes), a freed block goes on the
//! free list of its size and is handed out again for that size, and a size with no free block
//! takes fresh memory from the end of the heap, which grows the wasm memory as needed. Blocks
//! are never split or merged: at most 2× the bytes asked for, never scattered small holes.
//! The extras module (Digits: the 47 MB MNIST arrays) keeps dlmalloc.
//!
//! The bookkeeping (`Heap`) works on addresses and a `grow` callback, so that the tests run it
//! natively over a buffer; only [`Blocks`], the `#[global_allocator]` of the page's wasm, grows
//! the wasm memory itself.

use std::alloc::Layout;

/// The wasm page, the unit memory grows by; also the largest alignment a block gets.
const PAGE: usize = 65536;

/// The smallest block: room for the free list's link, and 16-byte alignment for every request
/// that fits it.
const MIN_SHIFT: u32 = 4;

/// The size class of a request: k for blocks of 2ᵏ bytes; None when it cannot be served (an
/// alignment above a page, or a size past the largest power of two).
fn class(layout: Layout) -> Option<usize> {
    if layout.align() > PAGE {
        return None;
    }
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    Some(size.checked_next_power_of_two()?.trailing_zeros() as usize)
}

/// The free lists and the end of the used heap.
struct Heap {
    /// The first free block of each size class (0: none); a free block's first word holds the
    /// address of the next one.
    free: [usize; usize::BITS as usize],
    /// The first address not yet handed out, and the end of the memory there is (0 before
    /// the first request).
    next: usize,
    end: usize,
}

impl Heap {
    const fn new() -> Heap {
        Heap {
            free: [0; usize::BITS as usize],
            next: 0,
            end: 0,
        }
    }

    /// The address of a block of class k (a free one if there is one, else fresh memory), or
    /// None. `grow(pages)` adds `pages` pages at the end of memory and returns the old size in
    /// pages (None if it cannot); `grow(0)` tells the size.
    ///
    /// # Safety
    /// Every address on a free list is a block this heap handed out and that was given back,
    /// with a writable first word.
    unsafe fn take(&mut self, k: usize, grow: &mut dyn FnMut(usize) -> Option<usize>) -> usize {
        let head = self.free[k];
        if head != 0 {
            // SAFETY: a block on the list was handed out by this heap and given back: its
            // first word holds the next free block (see `give`).
            self.free[k] = unsafe { (head as *const usize).read() };
            return head;
        }
        self.carve(k, grow).unwrap_or(0)
    }

    /// Puts the block at `address` (of class k, handed out by this heap) on its free list.
    ///
    /// # Safety
    /// `address` is a block of class k that this heap handed out and nobody uses any more.
    unsafe fn give(&mut self, k: usize, address: usize) {
        // SAFETY: the block is at least 16 bytes, 16-aligned, and no longer used by anyone.
        unsafe { (address as *mut usize).write(self.free[k]) };
        self.free[k] = address;
    }

    /// Fresh memory for a block of class k, aligned to its size (at most a page).
    fn carve(&mut self, k: usize, grow: &mut dyn FnMut(usize) -> Option<usize>) -> Option<usize> {
        let size = 1usize.checked_shl(k as u32)?;
        let align = size.min(PAGE);
        loop {
            if self.end == 0 {
                // The heap starts past everything the module holds (its data and stack).
                self.next = grow(0)?.checked_mul(PAGE)?;
                self.end = self.next;
            }
            let start = self.next.checked_add(align - 1)? & !(align - 1);
            let stop = start.checked_add(size)?;
            if stop <= self.end {
                self.next = stop;
                return Some(start);
            }
            let pages = (stop - self.end).div_ceil(PAGE);
            let old = grow(pages)?.checked_mul(PAGE)?;
            if old == self.end {
                self.end = old.checked_add(pages.checked_mul(PAGE)?)?;
            } else {
                // Something else grew the memory in between: go on in the pages just added.
                self.next = old;
                self.end = old.checked_add(pages.checked_mul(PAGE)?)?;
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod global {
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::UnsafeCell;

    use super::{class, Heap};

    /// The page's `#[global_allocator]`: a [`Heap`] over the wasm memory.
    pub struct Blocks(UnsafeCell<Heap>);

    // SAFETY: the page's wasm module has one thread (no atomics, no shared memory: each Web
    // Worker instantiates a module of its own), so the heap is never used from two at once.
    unsafe impl Sync for Blocks {}

    // The allocator's entry points are kept out of line: inlined into every `Vec`'s drop and
    // growth they would cost more wasm than dlmalloc saved.

    fn grow(pages: usize) -> Option<usize> {
        let old = core::arch::wasm32::memory_grow(0, pages);
        (old != usize::MAX).then_some(old)
    }

    // SAFETY: `alloc` returns null or a block of at least `layout.size()` bytes aligned to
    // `layout.align()` (its size class's power of two, capped at a page, which `class` checks),
    // used by nobody else until it is given back; `dealloc` gets back only such blocks, with
    // the layout (and so the class) they were asked for.
    unsafe impl GlobalAlloc for Blocks {
        #[inline(never)]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let Some(k) = class(layout) else {
                return std::ptr::null_mut();
            };
            // SAFETY: one thread, and no allocation happens while the heap is borrowed.
            let heap = unsafe { &mut *self.0.get() };
            // SAFETY: the free lists hold only blocks handed out and given back.
            unsafe { heap.take(k, &mut grow) as *mut u8 }
        }

        #[inline(never)]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if let Some(k) = class(layout) {
                // SAFETY: as in `alloc`; `ptr` is a block of class k given back by its owner.
                unsafe { (*self.0.get()).give(k, ptr as usize) };
            }
        }

        #[inline(never)]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: GlobalAlloc's contract: `new_size`, rounded up to the alignment, does
            // not overflow.
            let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            if class(new) == class(layout) {
                return ptr; // the block already has room
            }
            // SAFETY: `new` is a valid layout (above); the old block holds `layout.size()`
            // bytes and the new one at least `new_size`, and they do not overlap.
            unsafe {
                let fresh = self.alloc(new);
                if !fresh.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                fresh
            }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Blocks = Blocks(UnsafeCell::new(Heap::new()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A heap over a buffer of `pages` pages that starts `used` pages in (as the wasm heap
    /// starts past the module's data), growing into it page by page.
    struct Arena {
        memory: Vec<u8>,
        /// The buffer's address, and the page-aligned address where the arena's memory starts.
        start: usize,
        base: usize,
        size: usize,
        limit: usize,
    }

    impl Arena {
        fn new(used: usize, limit: usize) -> Arena {
            let mut memory = vec![0u8; (limit + 1) * PAGE];
            // The heap writes its free lists through these addresses, as the wasm heap does.
            let start = memory.as_mut_ptr() as usize;
            let base = start.div_ceil(PAGE) * PAGE;
            Arena {
                memory,
                start,
                base,
                size: used,
                limit,
            }
        }

        fn grow(&mut self, pages: usize) -> Option<usize> {
            let old = self.size;
            (old + pages <= self.limit).then(|| {
                self.size += pages;
                old
            })
        }
    }

    /// Takes a block of class k, as an address in the arena's buffer (None when refused).
    fn take(heap: &mut Heap, arena: &mut Arena, k: usize) -> Option<usize> {
        let base = arena.base;
        let mut grow = |pages| arena.grow(pages).map(|p| p + base / PAGE);
        // SAFETY: the free lists hold only blocks taken from this heap and given back.
        let at = unsafe { heap.take(k, &mut grow) };
        (at != 0).then_some(at)
    }

    #[test]
    fn requests_round_up_to_a_power_of_two_of_at_least_16_bytes() {
        let of = |size, align| class(Layout::from_size_align(size, align).unwrap());
        assert_eq!(of(1, 1), Some(4));
        assert_eq!(of(16, 4), Some(4));
        assert_eq!(of(17, 4), Some(5));
        assert_eq!(of(4, 64), Some(6), "the alignment counts as size");
        assert_eq!(of(3 << 20, 8), Some(22));
        assert_eq!(of(8, 2 * PAGE), None, "no alignment above a page");
        assert_eq!(of(isize::MAX as usize, 1), Some(usize::BITS as usize - 1));
    }

    #[test]
    fn blocks_are_aligned_disjoint_inside_memory_and_reused_by_size() {
        let mut arena = Arena::new(3, 512);
        let mut heap = Heap::new();
        let mut live: Vec<(usize, usize)> = Vec::new();
        // Sizes from 16 B to 256 KiB, taken and given back in a scrambled order.
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for round in 0..2000 {
            if live.len() < 40 && (round % 3 != 0 || live.is_empty()) {
                let k = 4 + next() % 15;
                let at = take(&mut heap, &mut arena, k).expect("the arena has room");
                let size = 1 << k;
                assert_eq!(at % size.min(PAGE), 0, "aligned to its size");
                assert!(at >= arena.base + 3 * PAGE, "past the module's own pages");
                assert!(
                    at + size <= arena.base + arena.size * PAGE,
                    "inside the grown memory"
                );
                for &(b, kb) in &live {
                    assert!(
                        at + size <= b || b + (1 << kb) <= at,
                        "blocks never overlap"
                    );
                }
                // Fill it, to check below that nobody else writes there.
                let offset = at - arena.start;
                arena.memory[offset..offset + size].fill(k as u8);
                live.push((at, k));
            } else {
                let (at, k) = live.swap_remove(next() % live.len());
                let offset = at - arena.start;
                assert!(arena.memory[offset..offset + (1 << k)]
                    .iter()
                    .all(|&b| b == k as u8));
                // SAFETY: a block of class k taken from this heap, no longer used.
                unsafe { heap.give(k, at) };
            }
        }
        // A given-back block is the next one of its size; another size gets its own.
        let first = take(&mut heap, &mut arena, 9).unwrap();
        // SAFETY: as above.
        unsafe { heap.give(9, first) };
        assert_eq!(take(&mut heap, &mut arena, 9), Some(first));
        assert_ne!(take(&mut heap, &mut arena, 10), Some(first));
    }

    #[test]
    fn a_heap_that_cannot_grow_refuses_and_keeps_working() {
        let mut arena = Arena::new(1, 4);
        let mut heap = Heap::new();
        assert!(
            take(&mut heap, &mut arena, 20).is_none(),
            "1 MiB does not fit 3 pages"
        );
        let small = take(&mut heap, &mut arena, 12).expect("4 KiB fits");
        assert!(take(&mut heap, &mut arena, 17).is_some(), "two pages fit");
        assert!(take(&mut heap, &mut arena, 17).is_none(), "two more do not");
        assert!(
            take(&mut heap, &mut arena, 60).is_none(),
            "a block past the address space"
        );
        // SAFETY: a block of class 12 taken from this heap.
        unsafe { heap.give(12, small) };
        assert_eq!(take(&mut heap, &mut arena, 12), Some(small));
    }
}
