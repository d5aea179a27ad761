//! A stable insertion sort for the rules' few short lists.
//!
//! Why not `slice::sort`: core's sorts (pattern-defeating quicksort, driftsort) add about 6 KB
//! to the browser bundle, and every list sorted here is short (an estimate's factors) or
//! already almost in order (a schedule's payment days), where insertion sort is linear.

/// Sorts `v` so that no element is `less` than one before it; equal elements keep their order.
pub(crate) fn insertion_sort_by<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 0x9e37_79b9_u32;
        for len in 0..40 {
            let mut v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed % 7, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|&(k, _)| k);
            insertion_sort_by(&mut v, |a, b| a.0 < b.0);
            assert_eq!(v, expected);
        }
    }
}
