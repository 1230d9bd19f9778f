//! Procedural macros of kallisti. `#[chaos_test]` lands here; the crate
//! reads its action signatures from `kallisti-catalog`, the same declarations
//! the runtime registry uses.
